import { afterAll, describe, expect, test } from 'bun:test'
import { createLogger } from '../../common/log'
import { activityKeys, activityRegistryKey, retiredActivitiesKey } from '../../common/redis/keys'
import { closeTestClients } from '../../test/support/clients'
import { freshUserIds, testCoreApp } from '../../test/support/core-app'
import { syncActivityStates } from '../activity-state/sync'
import { insertEntry } from '../repositories/entries'
import { insertShopperIfAbsent } from '../repositories/users'
import { retireEndedActivities } from './retire-activities'

const { call, openActivity, pool, redis, activityState } = testCoreApp()
afterAll(closeTestClients)
const log = createLogger({}, 'error')
const hour = 3_600_000
const ago = (ms: number) => new Date(Date.now() - ms).toISOString()

const registered = async (id: number) => (await redis.sismember(activityRegistryKey, String(id))) === 1
const retired = async (id: number) => (await redis.zscore(retiredActivitiesKey, String(id))) !== null
const hasKeys = async (id: number) => (await redis.exists(activityKeys(id).meta, activityKeys(id).confirmed)) > 0

async function applyEntry(activityId: number, userId: number) {
  await insertShopperIfAbsent(pool, userId)
  const ids = { commandId: `retire-${activityId}-${userId}`, reservationToken: `${activityId}.r-${userId}`, orderId: `retire-${activityId}-${userId}` }
  await insertEntry(pool, { activityId, userId, ...ids, confirmedAt: new Date() })
}

describe('retiring ended activities', () => {
  test('an ended activity leaves the sweeper\'s registry once its last hold is gone, and keeps its keys meanwhile', async () => {
    const ended = (await openActivity({ limit: 5 })).activity
    await redis.zadd(activityKeys(ended.id).holds, Date.now() + 60_000, 'still-held')
    await call('PATCH', `/api/v1/admin/activities/${ended.id}`, { status: 'ENDED' })
    const justClosed = (await openActivity({ startsAt: ago(hour), endsAt: ago(30_000) })).activity
    const closed = (await openActivity({ startsAt: ago(hour), endsAt: ago(120_000) })).activity
    const open = (await openActivity()).activity

    await retireEndedActivities(pool, activityState, log, { retentionMs: hour })
    expect(await registered(ended.id)).toBe(true)
    // a gateway whose clock runs behind may still sell for a moment after the window closes
    expect(await registered(justClosed.id)).toBe(true)
    expect(await registered(closed.id)).toBe(false)
    expect(await registered(open.id)).toBe(true)

    await redis.zrem(activityKeys(ended.id).holds, 'still-held')
    await retireEndedActivities(pool, activityState, log, { retentionMs: hour })
    expect(await registered(ended.id)).toBe(false)
    expect(await retired(ended.id)).toBe(true)
    expect(await hasKeys(ended.id)).toBe(true)
  })

  test('after the retention period its keys go, only once MySQL holds every entry Redis confirmed', async () => {
    const { activity } = await openActivity({ limit: 5 })
    const [applied, pending] = freshUserIds(2) as [number, number]
    await redis.sadd(activityKeys(activity.id).confirmed, String(applied), String(pending))
    await applyEntry(activity.id, applied)
    await call('PATCH', `/api/v1/admin/activities/${activity.id}`, { status: 'ENDED' })

    await retireEndedActivities(pool, activityState, log, { retentionMs: 0 })
    expect(await retired(activity.id)).toBe(true)
    expect(await hasKeys(activity.id)).toBe(true)

    await applyEntry(activity.id, pending)
    await retireEndedActivities(pool, activityState, log, { retentionMs: 0 })
    expect(await hasKeys(activity.id)).toBe(false)
    expect(await retired(activity.id)).toBe(false)
    expect(await registered(activity.id)).toBe(false)
  })

  test('a forgotten activity is not brought back by the start-up sync, and reopening it restores its entrants first', async () => {
    const byStatus = (await openActivity({ limit: 5 })).activity
    const byTime = (await openActivity({ limit: 5, startsAt: ago(hour), endsAt: ago(120_000) })).activity
    const entrants = freshUserIds(2)
    for (const userId of entrants) await applyEntry(byStatus.id, userId)
    await redis.sadd(activityKeys(byStatus.id).confirmed, ...entrants.map(String))
    await call('PATCH', `/api/v1/admin/activities/${byStatus.id}`, { status: 'ENDED' })
    await retireEndedActivities(pool, activityState, log, { retentionMs: 0 })
    expect([await hasKeys(byStatus.id), await hasKeys(byTime.id)]).toEqual([false, false])

    await syncActivityStates(pool, activityState, log)
    expect([await hasKeys(byStatus.id), await hasKeys(byTime.id)]).toEqual([false, false])

    const reopened = await call('PATCH', `/api/v1/admin/activities/${byStatus.id}`, { status: 'ACTIVE' })
    expect(reopened.body.live).toMatchObject({ published: true, stock: 3, confirmed: 2, participants: 2 })
    expect(await registered(byStatus.id)).toBe(true)
  })
})
