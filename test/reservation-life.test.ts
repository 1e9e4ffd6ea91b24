/**
 * Every reservation's life lands in MySQL's `reservations` exactly once, through the real path:
 * the gateway's scripts append the events, core's worker thread records them. A spike of
 * shoppers, some paying, some cancelling, some letting their hold lapse; then the activity's
 * Redis state lost and restored: the rows agree with what Redis sold.
 */
import { afterAll, beforeAll, expect, test } from 'bun:test'
import { createLogger } from '../common/log'
import { activityKeys } from '../common/redis/keys'
import { syncActivityStates } from '../core/activity-state/sync'
import { listReservations } from '../core/repositories/reservations'
import { startHoldSweeper } from '../gateway/holds/sweeper'
import { startTestCommandWorkers } from './support/commands'
import { closeCoreTestClients, freshUserIds, testCoreApp } from './support/core-app'
import { startTestGateway } from './support/gateway'

const core = testCoreApp()
const workers = startTestCommandWorkers(core.redis)
// long enough for 40 payments and cancels on a busy machine (1.5 s let some holds lapse before their cancel)
const holdTtlMs = 5000
const gateway = startTestGateway({ redis: core.redis, commandOutbox: workers.topic, holdTtlMs })
const log = createLogger({}, 'error')
const sweeper = startHoldSweeper({ redis: core.redis, scripts: gateway.scripts, log, intervalMs: 3_600_000 })

beforeAll(() => workers.ready())
afterAll(async () => {
  await sweeper.stop()
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

test('300 shoppers on 60 units: 60 holds; 30 paid, 10 cancelled, 20 lapsed; then 20 more held: exactly 80 rows with those ends', async () => {
  const { activity } = await core.openActivity({ limit: 60 })
  const holds = await reserveAll(activity.id, freshUserIds(300))
  expect(holds).toHaveLength(60)
  const paid = holds.slice(0, 30)
  const cancelled = holds.slice(30, 40)
  const lapsed = holds.slice(40)
  expect((await Promise.all(paid.map((h) => gateway.confirm(h.token, h.userId)))).map((r) => r.status)).toEqual(paid.map(() => 200))
  expect((await Promise.all(cancelled.map((h) => gateway.cancel(h.token, h.userId)))).map((r) => r.status)).toEqual(cancelled.map(() => 200))
  await Bun.sleep(holdTtlMs + 50)
  // the sweeper walks every activity of the shared test Redis; this one's 20 lapsed holds must be gone
  expect(await sweeper.sweepOnce()).toBeGreaterThanOrEqual(20)
  expect(await core.redis.zcard(activityKeys(activity.id).holds)).toBe(0)
  const later = await reserveAll(activity.id, freshUserIds(20))
  expect(later).toHaveLength(20)
  await workers.applied()

  const rows = await listReservations(core.pool, activity.id)
  expect(rows).toHaveLength(80)
  const statusOf = new Map(rows.map((r) => [r.token, r.status]))
  expect(paid.map((h) => statusOf.get(h.token))).toEqual(paid.map(() => 'CONFIRMED'))
  expect(cancelled.map((h) => statusOf.get(h.token))).toEqual(cancelled.map(() => 'CANCELLED'))
  expect(lapsed.map((h) => statusOf.get(h.token))).toEqual(lapsed.map(() => 'EXPIRED'))
  expect(later.map((h) => statusOf.get(h.token))).toEqual(later.map(() => 'HELD'))
  expect(rows.every((r) => r.heldAt !== null && r.expiresAt !== null && r.expiresAt.getTime() - r.heldAt.getTime() === holdTtlMs)).toBe(true)
  expect(rows.every((r) => (r.status === 'HELD') === (r.endedAt === null))).toBe(true)
  const byUser = new Map(holds.concat(later).map((h) => [h.token, h.userId]))
  expect(rows.every((r) => byUser.get(r.token) === r.userId)).toBe(true)
})

test("after the activity's Redis state is lost and restored, no row is left HELD, and new holds are recorded as before", async () => {
  const { activity } = await core.openActivity({ limit: 5 })
  const before = await reserveAll(activity.id, freshUserIds(3))
  await gateway.confirm(before[0]!.token, before[0]!.userId)
  await workers.applied()
  const k = activityKeys(activity.id)
  await core.redis.del(k.meta, k.stock, k.participants, k.holds, k.holdOwners, k.userHolds, k.confirmed, k.orders, k.released)

  await syncActivityStates(core.pool, core.activityState, log)
  expect(await core.redis.get(k.stock)).toBe('4') // the two lost holds' units are free again
  const after = await reserveAll(activity.id, freshUserIds(4))
  expect(after).toHaveLength(4)
  await workers.applied()

  const statusOf = new Map((await listReservations(core.pool, activity.id)).map((r) => [r.token, r.status]))
  expect(statusOf.size).toBe(7)
  expect(before.map((h) => statusOf.get(h.token))).toEqual(['CONFIRMED', 'EXPIRED', 'EXPIRED'])
  expect(tally(after.map((h) => statusOf.get(h.token)!))).toEqual({ HELD: 4 })
})
