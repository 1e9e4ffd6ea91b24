/**
 * The hold recorder: the holds live in Redis become HELD rows of `reservations` (owner, taken at
 * the time in the token; the expiry comes with the end), each written once however often it runs
 * and however many recorders run at once, without undoing a row moved since.
 */
import { afterAll, expect, test } from 'bun:test'
import { closeCoreTestClients, freshUserIds, testCoreApp } from '../../test/support/core-app'
import { startTestGateway } from '../../test/support/gateway'
import { listReservations } from '../repositories/reservations'
import { holdRecorder } from './hold-recorder'

const core = testCoreApp()
let clock = Date.now()
const holdTtlMs = 60_000
const gateway = startTestGateway({ redis: core.redis, commandOutbox: `test.commands.${crypto.randomUUID()}`, holdTtlMs, now: () => clock })

afterAll(async () => {
  await gateway.stop()
  await closeCoreTestClients()
})

async function hold(activityId: number, userId: number): Promise<string> {
  const res = await gateway.reserve(activityId, userId)
  expect(res.status).toBe(201)
  return ((await res.json()) as { token: string }).token
}

test('each live hold becomes one HELD row with its owner and the time it was taken, however often and by however many recorders', async () => {
  const { activity } = await core.openActivity({ limit: 10 })
  const [a, b, c] = freshUserIds(3) as [number, number, number]
  const first = clock
  const holds = [await hold(activity.id, a), await hold(activity.id, b)]
  const recorder = holdRecorder({ redis: core.redis, pool: core.pool })
  expect(await recorder.recordActivity(activity.id)).toBe(2)
  expect(await recorder.recordActivity(activity.id)).toBe(0)
  clock += 1_500
  const later = await hold(activity.id, c)
  // a second core process starting now, and the first, at once
  const [mine, theirs] = await Promise.all([recorder.recordActivity(activity.id), holdRecorder({ redis: core.redis, pool: core.pool }).recordActivity(activity.id)])
  expect([mine, theirs]).toEqual([1, 3])

  const rows = await listReservations(core.pool, activity.id)
  expect(rows.map(({ token, userId, status, heldAt, expiresAt, endedAt }) => ({ token, userId, status, heldAt, expiresAt, endedAt }))).toEqual(
    [
      { token: holds[0]!, userId: a, status: 'HELD' as const, heldAt: new Date(first), expiresAt: null, endedAt: null },
      { token: holds[1]!, userId: b, status: 'HELD' as const, heldAt: new Date(first), expiresAt: null, endedAt: null },
      { token: later, userId: c, status: 'HELD' as const, heldAt: new Date(clock), expiresAt: null, endedAt: null },
    ].sort((x, y) => (x.token < y.token ? -1 : 1)),
  )
})

test('a hold that ended is not recorded live, and a row moved into the past stays there when a restarted recorder sees its hold again', async () => {
  const { activity } = await core.openActivity({ limit: 10 })
  const [a, b] = freshUserIds(2) as [number, number]
  const cancelled = await hold(activity.id, a)
  const moved = await hold(activity.id, b)
  expect((await gateway.cancel(cancelled, a)).status).toBe(200)
  expect(await holdRecorder({ redis: core.redis, pool: core.pool }).recordActivity(activity.id)).toBe(1)
  await core.pool.query('UPDATE reservations SET held_at = held_at - INTERVAL 3 DAY WHERE token = ?', [moved])
  await holdRecorder({ redis: core.redis, pool: core.pool }).recordActivity(activity.id)
  const [row] = await listReservations(core.pool, activity.id)
  expect(row).toMatchObject({ token: moved, heldAt: new Date(clock - 3 * 86_400_000) })
})
