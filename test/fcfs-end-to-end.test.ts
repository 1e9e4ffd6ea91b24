/**
 * The reservation path end to end on real Redis and MariaDB: an activity created through core's
 * admin API, a spike of shoppers through the gateway's HTTP, payments confirmed, and core's worker
 * threads applying the commands to MySQL over the bus.
 */
import { afterAll, beforeAll, expect, test } from 'bun:test'
import { randomUUID } from 'node:crypto'
import { createLogger } from '../common/log'
import { activityKeys } from '../common/redis/keys'
import { groups } from '../common/topics'
import { countEntries } from '../core/repositories/entries'
import { countActivityPurchases } from '../core/repositories/purchases'
import { startCommandWorkers, type CommandWorkerPool } from '../core/workers/pool'
import { takenPlusFree } from './support/activity-state'
import { closeCoreTestClients, freshUserIds, testCoreApp } from './support/core-app'
import { startTestGateway } from './support/gateway'
import { waitFor } from './support/wait'

const core = testCoreApp()
const commandTopic = `test.command.${randomUUID()}`
const gateway = startTestGateway({ redis: core.redis, commandOutbox: commandTopic })
let workers: CommandWorkerPool

beforeAll(async () => {
  workers = startCommandWorkers({
    size: 2,
    settings: { topic: commandTopic, group: groups.coreCommandWorkers, eventTopic: `test.event.raw.${randomUUID()}`, batchSize: 50, maxDeliveries: 5, reclaimIdleMs: 5000, concurrency: 4 },
    log: createLogger({}, 'error'),
  })
  await workers.ready()
})
afterAll(async () => {
  await workers.stop()
  await gateway.stop()
  await closeCoreTestClients()
})

const tally = (codes: string[]) => codes.reduce<Record<string, number>>((t, c) => ({ ...t, [c]: (t[c] ?? 0) + 1 }), {})

test('5,000 shoppers at once on stock 100: 100 reserved and paid, exactly 100 entries and purchases in MySQL, stock 0', async () => {
  const { activity } = await core.openActivity({ limit: 100, price: 50_000 })
  const shoppers = freshUserIds(5000)
  const answers = await Promise.all(
    shoppers.map(async (userId) => {
      const res = await gateway.reserve(activity.id, userId)
      const body = (await res.json()) as { status?: string; code?: string; token?: string }
      return { userId, outcome: body.status ?? body.code ?? '?', token: body.token }
    }),
  )
  expect(tally(answers.map((a) => a.outcome))).toEqual({ RESERVED: 100, SOLD_OUT: 4900 })

  const reserved = answers.filter((a) => a.outcome === 'RESERVED')
  const paid = await Promise.all(reserved.map((a) => gateway.confirm(a.token!, a.userId, { amount: 50_000 }).then((r) => r.status)))
  expect(paid).toEqual(reserved.map(() => 200))

  await waitFor(async () => (await countEntries(core.pool, activity.id)) === 100, { what: '100 entries in MySQL', timeoutMs: 20_000 })
  await Bun.sleep(300) // a late duplicate would land now
  expect(await countEntries(core.pool, activity.id)).toBe(100)
  expect(await countActivityPurchases(core.pool, activity.id)).toBe(100)
  expect(await core.redis.get(activityKeys(activity.id).stock)).toBe('0')
  expect(await takenPlusFree(core.redis, activity.id)).toBe(100)
})

test('the same shopper trying 50 times at once gets one hold', async () => {
  const { activity } = await core.openActivity({ limit: 10 })
  const [userId] = freshUserIds(1) as [number]
  const codes = await Promise.all(
    Array.from({ length: 50 }, async () => {
      const body = (await (await gateway.reserve(activity.id, userId)).json()) as { status?: string; code?: string }
      return body.status ?? body.code ?? '?'
    }),
  )
  expect(tally(codes)).toEqual({ RESERVED: 1, ALREADY_ENTERED: 49 })
  expect(await core.redis.get(activityKeys(activity.id).stock)).toBe('9')
})
