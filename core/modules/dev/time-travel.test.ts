import { afterAll, expect, test } from 'bun:test'
import type { RowDataPacket } from '../../../common/clients/mysql'
import { activityKeys } from '../../../common/redis/keys'
import { closeTestClients } from '../../../test/support/clients'
import { entryConfirmed } from '../../../test/support/commands'
import { freshUserIds, testCoreApp } from '../../../test/support/core-app'
import { listReservations, recordEnded, recordHeld } from '../../repositories/reservations'
import { applyEntryConfirmed } from '../../workers/apply-entry'

const { call, pool, redis, openActivity } = testCoreApp()
const production = testCoreApp({ production: true })
const impatient = testCoreApp({ timeTravelWaitMs: 300 })
afterAll(closeTestClients)

const day = 86_400_000
const ms = (d: Date | string) => new Date(d).getTime()

async function promotionPurchases(activityId: number) {
  const [rows] = await pool.query<RowDataPacket[]>('SELECT order_id, purchased_at FROM purchases WHERE campaign_activity_id = ? ORDER BY order_id', [activityId])
  return rows.map((r) => [r.order_id, ms(r.purchased_at)])
}
async function entryTimes(activityId: number) {
  const [rows] = await pool.query<RowDataPacket[]>('SELECT order_id, confirmed_at FROM campaign_activity_entries WHERE campaign_activity_id = ? ORDER BY order_id', [activityId])
  return rows.map((r) => [r.order_id, ms(r.confirmed_at)])
}
const msOrNull = (d: Date | null) => (d === null ? null : ms(d))
const reservationTimes = async (activityId: number) =>
  (await listReservations(pool, activityId)).map((r) => [r.token, msOrNull(r.heldAt), msOrNull(r.expiresAt), msOrNull(r.endedAt)])

test("moves the activity's window, entries, purchases and reservations N days back and republishes its window to Redis; other activities stay", async () => {
  const { activity, product } = await openActivity()
  const other = (await openActivity()).activity
  const [a, b] = freshUserIds(2) as [number, number]
  for (const id of [activity.id, other.id]) {
    const paid = entryConfirmed(id, a, product.id)
    expect(await applyEntryConfirmed(pool, paid, 'test.events')).toEqual({ kind: 'applied' })
    await recordHeld(pool, [{ token: paid.reservationToken, activityId: id, userId: a, heldAt: new Date(Date.now() - 60_000), expiresAt: new Date(Date.now() + 540_000) }])
    await recordHeld(pool, [{ token: `${id}.held-${b}`, activityId: id, userId: b, heldAt: new Date(), expiresAt: new Date(Date.now() + 600_000) }])
  }
  await recordEnded(pool, { token: `${activity.id}.ended-${b}`, activityId: activity.id, userId: b, status: 'CANCELLED', endedAt: new Date() })
  const before = { entries: await entryTimes(activity.id), purchases: await promotionPurchases(activity.id), reservations: await reservationTimes(activity.id) }
  const otherBefore = [await entryTimes(other.id), await promotionPurchases(other.id), await reservationTimes(other.id)]

  const answer = await call('POST', '/api/v1/admin/dev/time-travel', { activityId: activity.id, days: 3 })
  expect(answer.status).toBe(200)
  expect(answer.body).toEqual({
    activityId: activity.id,
    days: 3,
    startsAt: new Date(ms(activity.startsAt) - 3 * day).toISOString(),
    endsAt: new Date(ms(activity.endsAt) - 3 * day).toISOString(),
    moved: { entries: 1, purchases: 1, reservations: 3 },
  })
  const back = (t: number | null): number | null => (t === null ? null : t - 3 * day)
  expect(await entryTimes(activity.id)).toEqual(before.entries.map(([id, t]) => [id, back(t as number)]))
  expect(await promotionPurchases(activity.id)).toEqual(before.purchases.map(([id, t]) => [id, back(t as number)]))
  expect(await reservationTimes(activity.id)).toEqual(before.reservations.map(([token, ...times]) => [token as string, ...times.map((t) => back(t as number | null))]))
  expect([await entryTimes(other.id), await promotionPurchases(other.id), await reservationTimes(other.id)]).toEqual(otherBefore)

  const meta = await redis.hgetall(activityKeys(activity.id).meta)
  expect([Number(meta.startsAt), Number(meta.endsAt)]).toEqual([ms(activity.startsAt) - 3 * day, ms(activity.endsAt) - 3 * day])
  expect((await call('GET', `/api/v1/admin/activities/${activity.id}`)).body.live).toMatchObject({ published: true, stock: 9 }) // limit 10 − the entry in MySQL
})

// Reproduced `./axon up`'s demo cohort short of 22 of its 74 customers: the full-funnel simulator
// travelled while core's workers were still applying the journey's last payments, which then
// landed in the present, outside the travelled activity's cohort.
test('waits for paid entries still on the bus, then moves them with the rest', async () => {
  const { activity, product } = await openActivity()
  const [early, late] = freshUserIds(2) as [number, number]
  expect(await applyEntryConfirmed(pool, entryConfirmed(activity.id, early, product.id), 'test.events')).toEqual({ kind: 'applied' })
  // the gateway confirmed both; core has applied only the first
  await redis.sadd(activityKeys(activity.id).confirmed, String(early), String(late))
  const travel = call('POST', '/api/v1/admin/dev/time-travel', { activityId: activity.id, days: 3 })
  await Bun.sleep(300)
  expect(await applyEntryConfirmed(pool, entryConfirmed(activity.id, late, product.id), 'test.events')).toEqual({ kind: 'applied' })
  const answer = await travel
  expect(answer).toMatchObject({ status: 200, body: { moved: { entries: 2, purchases: 2 } } })
  for (const [, at] of await promotionPurchases(activity.id)) expect(at as number).toBeLessThan(Date.now() - 2 * day)
})

test('refuses with 409 COMMANDS_PENDING when paid entries are not applied in time, and nothing moves', async () => {
  const { activity } = await openActivity()
  await impatient.redis.sadd(activityKeys(activity.id).confirmed, String(freshUserIds(1)[0]))
  const answer = await impatient.call('POST', '/api/v1/admin/dev/time-travel', { activityId: activity.id, days: 3 })
  expect(answer).toMatchObject({ status: 409, body: { code: 'COMMANDS_PENDING', unapplied: 1, message: expect.stringContaining('nothing moved') } })
  expect((await call('GET', `/api/v1/admin/activities/${activity.id}`)).body.startsAt).toBe(activity.startsAt)
})

test('is refused in production with 403 DEV_ONLY, and nothing moves', async () => {
  const { activity } = await openActivity()
  const answer = await production.call('POST', '/api/v1/admin/dev/time-travel', { activityId: activity.id, days: 3 })
  expect(answer).toMatchObject({ status: 403, body: { code: 'DEV_ONLY', message: expect.stringContaining('production') } })
  expect((await call('GET', `/api/v1/admin/activities/${activity.id}`)).body.startsAt).toBe(activity.startsAt)
})

test('an unknown activity is a 404; days that are not a whole number from 1 to 3650 are a 400 naming it', async () => {
  expect(await call('POST', '/api/v1/admin/dev/time-travel', { activityId: 999_999_999, days: 1 })).toMatchObject({ status: 404, body: { code: 'UNKNOWN_ACTIVITY' } })
  for (const days of [0, -1, 1.5, '3', 3651]) {
    const answer = await call('POST', '/api/v1/admin/dev/time-travel', { activityId: 1, days })
    expect(answer.status).toBe(400)
    expect(answer.body.fields.map((f: { field: string }) => f.field)).toContain('days')
  }
})
