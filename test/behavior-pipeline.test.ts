/**
 * Acceptance: storefront traffic through the real gateway's /collect, the Redis Streams bus and
 * the sink into the MySQL behaviour store is counted exactly: 100,000 events sent in concurrent
 * batches, 5 % of them sent again (tracker retries) and 2 % malformed.
 */
import { afterAll, beforeAll, expect, test } from 'bun:test'
import { randomUUID } from 'node:crypto'
import { startBehaviorSink } from '../analytics/sink/behavior-sink'
import { sinkMetrics } from '../analytics/sink/metrics'
import { createMysqlBehaviorStore } from '../analytics/store/mysql'
import { isCounted } from '../analytics/store/rollup-keys'
import type { Subscription } from '../common/bus/port'
import { createRedisStreamsBus } from '../common/bus/redis-streams'
import { redisUrl } from '../common/clients/redis'
import { createLogger } from '../common/log'
import { createRegistry } from '../common/metrics'
import type { BehaviorEvent } from '../common/schemas/behavior-event'
import { groups } from '../common/topics'
import { countsOf, shopperTraffic } from '../loadtest/generators/shopper-events'
import { closeTestClients, testRedis } from './support/clients'
import { startTestGateway } from './support/gateway'
import { groupCaughtUp } from './support/stream-backlog'
import { waitFor } from './support/wait'

const redis = testRedis('pipeline-test')
const bus = createRedisStreamsBus(redisUrl(), createLogger({ process: 'pipeline-test' }, 'error'))
const store = createMysqlBehaviorStore()
const topic = `test.event.raw.${randomUUID()}`
const gateway = startTestGateway({ redis, bus, eventTopic: topic })
const metrics = sinkMetrics(createRegistry('pipeline-test'))
let sink: Subscription

beforeAll(async () => {
  sink = await startBehaviorSink({ bus, store, metrics, topic, consumer: 'pipeline-test', consumers: 4, batchSize: 500, maxDeliveries: 5, reclaimIdleMs: 30_000, blockMs: 100 })
})
afterAll(async () => {
  await sink.stop()
  await gateway.stop()
  await bus.close()
  await store.close()
  await closeTestClients()
})

interface CollectAnswer {
  accepted: number
  rejected: { index: number; eventId?: string; code: string; message: string }[]
}

/** Sends every batch, `inFlight` at a time, and keeps each answer with its batch's position. */
async function sendAll(batches: unknown[][], inFlight: number) {
  const answers: { status: number; body: CollectAnswer }[] = new Array(batches.length)
  let next = 0
  const client = async () => {
    for (let i = next++; i < batches.length; i = next++) {
      const res = await fetch(`${gateway.url}/collect`, { method: 'POST', headers: { 'content-type': 'text/plain;charset=UTF-8' }, body: JSON.stringify({ events: batches[i] }) })
      answers[i] = { status: res.status, body: (await res.json()) as CollectAnswer }
    }
  }
  await Promise.all(Array.from({ length: inFlight }, client))
  return answers
}

const visitors = (events: readonly BehaviorEvent[], activityId: number) =>
  new Set(events.filter((e) => e.activityId === activityId && isCounted(e)).map((e) => (e.userId ? `u${e.userId}` : `a${e.anonymousId}`))).size

test('100,000 events in 200 concurrent batches of 500, 5 % resent and 2 % malformed: every answer 200, every malformed event reported, the valid ones counted exactly once', async () => {
  const activityIds = Array.from({ length: 5 }, () => 4_000_000_000 + Math.floor(Math.random() * 1_000_000_000))
  const campaignId = 4_000_000_000 + Math.floor(Math.random() * 1_000_000_000)
  const traffic = shopperTraffic({ events: 100_000, duplicateShare: 0.05, malformedShare: 0.02, batchSize: 500, activityIds, campaignId })
  expect(traffic.batches).toHaveLength(200)
  expect(traffic.unique).toHaveLength(93_000)

  const answers = await sendAll(traffic.batches, 8)
  expect(answers.filter((a) => a.status !== 200)).toEqual([])
  expect(answers.map((a) => a.body.rejected.map(({ index, eventId }) => (eventId === undefined ? { index } : { index, eventId })))).toEqual(traffic.malformed)
  expect(answers.flatMap((a) => a.body.rejected).filter((r) => r.code !== 'INVALID_EVENT' || r.message.length < 10)).toEqual([])
  expect(answers.reduce((n, a) => n + a.body.accepted, 0)).toBe(98_000)

  await waitFor(() => groupCaughtUp(redis, topic, groups.analyticsSink), { timeoutMs: 60_000, intervalMs: 100, what: 'the sink to drain the topic' })
  for (const activityId of activityIds) {
    expect(await store.countByTrigger({ activityId })).toEqual(countsOf(traffic.unique, activityId))
    expect(await store.uniqueVisitors({ activityId })).toBe(visitors(traffic.unique, activityId))
  }
  const campaignTotal = Object.values(await store.countByTrigger({ campaignId })).reduce((n, c) => n + c, 0)
  // the tracker's PURCHASE events are stored, counted nowhere
  expect(campaignTotal).toBe(traffic.unique.filter(isCounted).length)
  const { values } = await metrics.events.get()
  expect(Object.fromEntries(values.map((v) => [v.labels.result, v.value]))).toEqual({ written: 93_000, duplicate: 5_000, dead_lettered: 0 })
}, 120_000)
