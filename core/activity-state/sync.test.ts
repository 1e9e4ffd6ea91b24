import { afterAll, expect, test } from 'bun:test'
import { randomUUID } from 'node:crypto'
import { createLogger } from '../../common/log'
import { activityKeys } from '../../common/redis/keys'
import { closeCoreTestClients, freshUserIds, testBus, testCoreApp } from '../../test/support/core-app'
import { insertEntry } from '../repositories/entries'
import { insertShopperIfAbsent } from '../repositories/users'
import { syncActivityStates } from './sync'

const { call, openActivity, pool, redis, activityState } = testCoreApp()
afterAll(closeCoreTestClients)
const log = createLogger({}, 'error')

async function confirmInMysql(activityId: number, userIds: number[]) {
  for (const userId of userIds) {
    await insertShopperIfAbsent(pool, userId)
    await insertEntry(pool, { activityId, userId, commandId: `sync-${activityId}-${userId}`, reservationToken: `t-${userId}`, orderId: `sync-${activityId}-${userId}`, confirmedAt: new Date() })
  }
}

test('an activity Redis lost gets its confirmed shoppers back before its stock is computed', async () => {
  const { activity } = await openActivity({ limit: 10 })
  const entrants = freshUserIds(3)
  await confirmInMysql(activity.id, entrants)
  const k = activityKeys(activity.id)
  await redis.del(k.meta, k.stock, k.confirmed, k.participants, k.holds)

  await syncActivityStates(pool, activityState, log)

  expect((await redis.smembers(k.confirmed)).map(Number).sort()).toEqual(entrants.sort())
  expect((await redis.smembers(k.participants)).length).toBe(3)
  expect(await redis.get(k.stock)).toBe('7')
  expect(await redis.hget(k.meta, 'status')).toBe('ACTIVE')
})

test('an activity Redis still has keeps its holds; an ENDED one and one whose window passed are left alone', async () => {
  const kept = (await openActivity({ limit: 10 })).activity
  const k = activityKeys(kept.id)
  await redis.zadd(k.holds, Date.now() + 60_000, 'hold-1')
  await redis.sadd(k.confirmed, '42')
  await call('PATCH', `/api/v1/admin/activities/${kept.id}`, { name: 'renamed in MySQL only' })
  await redis.hset(k.meta, 'limit', '999')

  const ended = (await openActivity({ status: 'ENDED' })).activity
  await redis.hset(activityKeys(ended.id).meta, 'status', 'STALE')
  const passed = (await openActivity({ startsAt: new Date(Date.now() - 7_200_000).toISOString(), endsAt: new Date(Date.now() - 1000).toISOString() })).activity
  await redis.hset(activityKeys(passed.id).meta, 'status', 'STALE')

  await syncActivityStates(pool, activityState, log)

  expect(await redis.hget(k.meta, 'limit')).toBe('10')
  expect(await redis.get(k.stock)).toBe('8')
  expect(await redis.hget(activityKeys(ended.id).meta, 'status')).toBe('STALE')
  expect(await redis.hget(activityKeys(passed.id).meta, 'status')).toBe('STALE')
})

test('a restore waits until the paid commands still on the bus are applied, so none of their shoppers is left out', async () => {
  const { activity } = await openActivity({ limit: 10 })
  const k = activityKeys(activity.id)
  const [paidEarlier, paidJustBefore] = freshUserIds(2) as [number, number]
  await confirmInMysql(activity.id, [paidEarlier])
  // the command of a payment confirmed just before Redis lost its data, not yet applied by a worker
  const bus = testBus()
  const topic = `test.commands.${randomUUID()}`
  const group = 'test-workers'
  await bus.publish(topic, [{ key: String(activity.id), value: `command of shopper ${paidJustBefore}` }])
  const unappliedCommands = () => bus.backlog(topic, group)
  await redis.del(k.meta, k.stock, k.confirmed, k.participants, k.holds)
  await activityState.markRestoring()

  const early = await syncActivityStates(pool, activityState, log, { unappliedCommands })
  expect(early).toMatchObject({ deferred: true, unapplied: 1, restored: 0 })
  expect(await redis.exists(k.meta)).toBe(0) // nothing is sold meanwhile: the gateway answers STATE_RESTORING
  expect(await activityState.marker()).toBe('restoring')

  // the worker applies it: the entry lands in MySQL and the message is acknowledged
  const applied = await bus.subscribe({
    topic, group, consumer: 'test', blockMs: 50,
    handler: async (messages) => {
      await confirmInMysql(activity.id, [paidJustBefore])
      return messages.map(() => ({ kind: 'ok' as const }))
    },
  })
  for (let i = 0; i < 200 && (await unappliedCommands()) > 0; i++) await Bun.sleep(25)
  await applied.stop()

  const restored = await syncActivityStates(pool, activityState, log, { unappliedCommands })
  expect(restored).toMatchObject({ deferred: false })
  expect((await redis.smembers(k.confirmed)).map(Number).sort()).toEqual([paidEarlier, paidJustBefore].sort())
  expect(await redis.get(k.stock)).toBe('8')
  expect(await activityState.marker()).toBe('intact')
})
