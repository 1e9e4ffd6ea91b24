/**
 * Acceptance: a sink killed while it writes loses nothing and counts nothing twice. The kill is a
 * SIGKILL of a process running the real sink on the real MySQL store: MariaDB rolls back the
 * transaction its closed connection had open, and the batch it held stays pending on the bus
 * until the next sink reclaims it; the store's idempotency absorbs what was already committed.
 */
import { afterAll, expect, test } from 'bun:test'
import type { Subprocess } from 'bun'
import { randomUUID } from 'node:crypto'
import { createMysqlBehaviorStore } from '../analytics/store/mysql'
import { isCounted } from '../analytics/store/rollup-keys'
import { createRedisStreamsBus } from '../common/bus/redis-streams'
import { redisUrl } from '../common/clients/redis'
import { createLogger } from '../common/log'
import type { BehaviorEvent } from '../common/schemas/behavior-event'
import { groups } from '../common/topics'
import { countsOf, shopperTraffic } from '../loadtest/generators/shopper-events'
import { closeTestClients, testRedis } from './support/clients'
import { startSinkProcess, type SinkProcessSettings } from './support/sink-process'
import { groupCaughtUp, pendingEntries } from './support/stream-backlog'
import { waitFor } from './support/wait'

const redis = testRedis('sink-crash-test')
const bus = createRedisStreamsBus(redisUrl(), createLogger({ process: 'sink-crash-test' }, 'error'))
const store = createMysqlBehaviorStore()
const sinks: Subprocess[] = []
afterAll(async () => {
  // a failed assertion must not leave a sink running
  for (const sink of sinks) sink.kill('SIGKILL')
  await bus.close()
  await store.close()
  await closeTestClients()
})

async function stored(activityIds: number[]): Promise<number> {
  const counts = await Promise.all(activityIds.map((activityId) => store.countByTrigger({ activityId })))
  return counts.flatMap((c) => Object.values(c)).reduce((n, c) => n + c, 0)
}

test('a sink killed mid-write loses nothing and counts nothing twice: 40,000 events, 5 % resent, exact counts after a restart', async () => {
  const activityIds = [5_000_000_000 + Math.floor(Math.random() * 1e9), 6_000_000_000 + Math.floor(Math.random() * 1e9)]
  const traffic = shopperTraffic({ events: 40_000, duplicateShare: 0.05, malformedShare: 0, batchSize: 2000, activityIds, campaignId: 7_000_000_000 })
  // what the store counts: a tracker's PURCHASE is stored, counted nowhere
  const total = traffic.unique.filter(isCounted).length
  const topic = `test.event.raw.${randomUUID()}`
  for (const batch of traffic.batches) await bus.publish(topic, (batch as BehaviorEvent[]).map((e) => ({ key: e.anonymousId!, value: JSON.stringify(e) })))

  const settings: SinkProcessSettings = { settings: { kind: 'redis', redisUrl: redisUrl() }, topic, consumer: 'doomed', consumers: 2, batchSize: 500, reclaimIdleMs: 60_000 }
  const doomed = await startSinkProcess(settings)
  sinks.push(doomed)
  // a batch handed out and not acknowledged is a batch being written: the sink spends most of its time there
  const holdingBatch = async () => (await pendingEntries(redis, topic, groups.analyticsSink)) > 0
  await waitFor(async () => (await stored(activityIds)) >= total / 5 && (await holdingBatch()), {
    timeoutMs: 30_000,
    intervalMs: 5,
    what: 'the sink to hold a batch, a fifth of the way through',
  })
  doomed.kill('SIGKILL')
  await doomed.exited
  expect(await stored(activityIds)).toBeLessThan(total)
  expect(await pendingEntries(redis, topic, groups.analyticsSink)).toBeGreaterThan(0)

  const successor = await startSinkProcess({ ...settings, consumer: 'successor', reclaimIdleMs: 500 })
  sinks.push(successor)
  await waitFor(() => groupCaughtUp(redis, topic, groups.analyticsSink), { timeoutMs: 60_000, intervalMs: 100, what: 'the new sink to drain the topic' })
  successor.kill('SIGTERM')
  expect(await successor.exited).toBe(0)

  for (const activityId of activityIds) expect(await store.countByTrigger({ activityId })).toEqual(countsOf(traffic.unique, activityId))
  expect(await stored(activityIds)).toBe(total)
}, 120_000)
