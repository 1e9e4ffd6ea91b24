import { afterAll, expect, test } from 'bun:test'
import { createLogger } from '../../common/log'
import { activityKeys } from '../../common/redis/keys'
import { closeTestClients } from '../../test/support/clients'
import { freshUserIds, testCoreApp } from '../../test/support/core-app'
import { insertEntry } from '../repositories/entries'
import { insertShopperIfAbsent } from '../repositories/users'
import { syncActivityStates } from './sync'

const { call, openActivity, pool, redis, activityState } = testCoreApp()
afterAll(closeTestClients)
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
