/**
 * Every reservation's life lands in MySQL's `reservations` exactly once, through the real path:
 * core's hold recorder records the holds live in Redis, the gateway's scripts append each hold's
 * end, core's worker thread records them. A spike of shoppers, some paying before the recorder
 * saw their hold, some cancelling, some letting their hold lapse; then the activity's Redis state
 * lost and restored: the rows agree with what Redis sold.
 */
import { afterAll, beforeAll, expect, test } from 'bun:test'
import { createLogger } from '../common/log'
import { activityKeys } from '../common/redis/keys'
import { holdRecorder } from '../core/activity-state/hold-recorder'
import { syncActivityStates } from '../core/activity-state/sync'
import { listReservations } from '../core/repositories/reservations'
import { startTestCommandWorkers } from './support/commands'
import { closeCoreTestClients, freshUserIds, testCoreApp } from './support/core-app'
import { startTestGateway } from './support/gateway'

const core = testCoreApp()
const workers = startTestCommandWorkers(core.redis)
const holdTtlMs = 60_000
const gateway = startTestGateway({ redis: core.redis, commandOutbox: workers.topic, holdTtlMs })
const log = createLogger({}, 'error')
/** the recorder's pass over one activity, as if its interval had come (the shared test Redis holds other files' holds) */
const recorder = holdRecorder({ redis: core.redis, pool: core.pool, log })
/** the sweeper's step for one activity, as if its holds' time had come (the shared test Redis holds other files' holds) */
const sweepLapsed = (activityId: number) =>
  gateway.scripts.expireHolds({ activityId, now: Date.now() + holdTtlMs + 1, max: 500, retentionMs: 86_400_000 })

beforeAll(() => workers.ready())
afterAll(async () => {
  await workers.stop()
  await gateway.stop()
  await closeCoreTestClients()
})

async function reserveAll(activityId: number, userIds: number[]) {
  const answers = await Promise.all(
    userIds.map(async (userId) => ({ userId, ...((await (await gateway.reserve(activityId, userId)).json()) as { token?: string }) })),
  )
  return answers.filter((a): a is { userId: number; token: string } => a.token !== undefined)
}

const tally = (statuses: string[]) => statuses.reduce<Record<string, number>>((t, s) => ({ ...t, [s]: (t[s] ?? 0) + 1 }), {})

test('300 shoppers on 60 units: 60 holds; 30 paid before the recorder saw them, 10 cancelled, 20 lapsed; then 20 more held: exactly 80 rows with those ends', async () => {
  const { activity } = await core.openActivity({ limit: 60 })
  const holds = await reserveAll(activity.id, freshUserIds(300))
  expect(holds).toHaveLength(60)
  const paid = holds.slice(0, 30)
  const cancelled = holds.slice(30, 40)
  const lapsed = holds.slice(40)
  expect((await Promise.all(paid.map((h) => gateway.confirm(h.token, h.userId)))).map((r) => r.status)).toEqual(paid.map(() => 200))
  expect(await recorder.recordActivity(activity.id)).toBe(30) // the 30 still live
  expect(await recorder.recordActivity(activity.id)).toBe(0) // each once
  expect((await Promise.all(cancelled.map((h) => gateway.cancel(h.token, h.userId)))).map((r) => r.status)).toEqual(cancelled.map(() => 200))
  expect(await sweepLapsed(activity.id)).toBe(20)
  const later = await reserveAll(activity.id, freshUserIds(20))
  expect(later).toHaveLength(20)
  expect(await recorder.recordActivity(activity.id)).toBe(20)
  await workers.applied()

  const rows = await listReservations(core.pool, activity.id)
  expect(rows).toHaveLength(80)
  const statusOf = new Map(rows.map((r) => [r.token, r.status]))
  expect(paid.map((h) => statusOf.get(h.token))).toEqual(paid.map(() => 'CONFIRMED'))
  expect(cancelled.map((h) => statusOf.get(h.token))).toEqual(cancelled.map(() => 'CANCELLED'))
  expect(lapsed.map((h) => statusOf.get(h.token))).toEqual(lapsed.map(() => 'EXPIRED'))
  expect(later.map((h) => statusOf.get(h.token))).toEqual(later.map(() => 'HELD'))
  // a live hold's expiry comes with its end
  expect(rows.every((r) => r.heldAt !== null && (r.status === 'HELD' ? r.expiresAt === null : r.expiresAt!.getTime() - r.heldAt.getTime() === holdTtlMs))).toBe(true)
  expect(rows.every((r) => (r.status === 'HELD') === (r.endedAt === null))).toBe(true)
  const byUser = new Map(holds.concat(later).map((h) => [h.token, h.userId]))
  expect(rows.every((r) => byUser.get(r.token) === r.userId)).toBe(true)
})

test("after the activity's Redis state is lost and restored, no row is left HELD, and new holds are recorded as before", async () => {
  const { activity } = await core.openActivity({ limit: 5 })
  const before = await reserveAll(activity.id, freshUserIds(3))
  await gateway.confirm(before[0]!.token, before[0]!.userId)
  await recorder.recordActivity(activity.id)
  await workers.applied()
  const k = activityKeys(activity.id)
  await core.redis.del(k.meta, k.stock, k.participants, k.holds, k.holdOwners, k.userHolds, k.confirmed, k.orders, k.released)

  await syncActivityStates(core.pool, core.activityState, log)
  expect(await core.redis.get(k.stock)).toBe('4') // the two lost holds' units are free again
  const after = await reserveAll(activity.id, freshUserIds(4))
  expect(after).toHaveLength(4)
  expect(await recorder.recordActivity(activity.id)).toBe(4)
  await workers.applied()

  const statusOf = new Map((await listReservations(core.pool, activity.id)).map((r) => [r.token, r.status]))
  expect(statusOf.size).toBe(7)
  expect(before.map((h) => statusOf.get(h.token))).toEqual(['CONFIRMED', 'EXPIRED', 'EXPIRED'])
  expect(tally(after.map((h) => statusOf.get(h.token)!))).toEqual({ HELD: 4 })
})
