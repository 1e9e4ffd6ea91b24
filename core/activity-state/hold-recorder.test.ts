/**
 * The hold recorder: the holds live in Redis become HELD rows of `reservations` (owner, taken at
 * the time in the token; the expiry comes with the end) and count in the activity's approved
 * total, each written once however often it runs and however many recorders run at once, without
 * undoing a row moved since; a hold whose expiry falls below the read window (a gateway whose
 * clock is behind) is recorded by the sweep.
 */
import { afterAll, expect, test } from 'bun:test'
import type { RowDataPacket } from '../../common/clients/mysql'
import { createLogger } from '../../common/log'
import { closeCoreTestClients, freshUserIds, testCoreApp } from '../../test/support/core-app'
import { startTestGateway } from '../../test/support/gateway'
import { listReservations } from '../repositories/reservations'
import { holdRecorder } from './hold-recorder'

const core = testCoreApp()
const recorder = (o: { sweepPage?: number } = {}) => holdRecorder({ redis: core.redis, pool: core.pool, log: createLogger({}, 'error'), ...o })
let clock = Date.now()
const holdTtlMs = 60_000
const outbox = `test.commands.${crypto.randomUUID()}`
const gateway = startTestGateway({ redis: core.redis, commandOutbox: outbox, holdTtlMs, now: () => clock })
/** a second gateway whose clock is 5 s behind the first's */
const lateGateway = startTestGateway({ redis: core.redis, commandOutbox: outbox, holdTtlMs, now: () => clock - 5_000 })

afterAll(async () => {
  await Promise.all([gateway.stop(), lateGateway.stop()])
  await closeCoreTestClients()
})

async function hold(activityId: number, userId: number, via = gateway): Promise<string> {
  const res = await via.reserve(activityId, userId)
  expect(res.status).toBe(201)
  return ((await res.json()) as { token: string }).token
}

async function approvedTotal(activityId: number): Promise<number> {
  const [rows] = await core.pool.query<RowDataPacket[]>('SELECT approved FROM activity_totals WHERE campaign_activity_id = ?', [activityId])
  return Number(rows[0]?.approved ?? 0)
}

test('each live hold becomes one HELD row with its owner and the time it was taken, counted once, however often and by however many recorders', async () => {
  const { activity } = await core.openActivity({ limit: 10 })
  const [a, b, c] = freshUserIds(3) as [number, number, number]
  const first = clock
  const holds = [await hold(activity.id, a), await hold(activity.id, b)]
  const mine = recorder()
  expect(await mine.recordActivity(activity.id)).toBe(2)
  expect(await mine.recordActivity(activity.id)).toBe(0)
  clock += 1_500
  const later = await hold(activity.id, c)
  // a second core process starting now, and the first, at once
  const [byMine, byTheirs] = await Promise.all([mine.recordActivity(activity.id), recorder().recordActivity(activity.id)])
  expect([byMine, byTheirs]).toEqual([1, 3])

  const rows = await listReservations(core.pool, activity.id)
  expect(rows.map(({ token, userId, status, heldAt, expiresAt, endedAt }) => ({ token, userId, status, heldAt, expiresAt, endedAt }))).toEqual(
    [
      { token: holds[0]!, userId: a, status: 'HELD' as const, heldAt: new Date(first), expiresAt: null, endedAt: null },
      { token: holds[1]!, userId: b, status: 'HELD' as const, heldAt: new Date(first), expiresAt: null, endedAt: null },
      { token: later, userId: c, status: 'HELD' as const, heldAt: new Date(clock), expiresAt: null, endedAt: null },
    ].sort((x, y) => (x.token < y.token ? -1 : 1)),
  )
  expect(await approvedTotal(activity.id)).toBe(3)
})

test('a hold that ended is not recorded live, and a row moved into the past stays there when a restarted recorder sees its hold again', async () => {
  const { activity } = await core.openActivity({ limit: 10 })
  const [a, b] = freshUserIds(2) as [number, number]
  const cancelled = await hold(activity.id, a)
  const moved = await hold(activity.id, b)
  expect((await gateway.cancel(cancelled, a)).status).toBe(200)
  expect(await recorder().recordActivity(activity.id)).toBe(1)
  await core.pool.query('UPDATE reservations SET held_at = held_at - INTERVAL 3 DAY WHERE token = ?', [moved])
  await recorder().recordActivity(activity.id)
  const [row] = await listReservations(core.pool, activity.id)
  expect(row).toMatchObject({ token: moved, heldAt: new Date(clock - 3 * 86_400_000) })
  expect(await approvedTotal(activity.id)).toBe(1)
})

test('a hold whose expiry falls below the read window (its gateway 5 s behind) is recorded by the walk, once', async () => {
  const { activity } = await core.openActivity({ limit: 10 })
  const [a, b, c] = freshUserIds(3) as [number, number, number]
  const mine = recorder({ sweepPage: 1 })
  await hold(activity.id, a)
  expect(await mine.recordActivity(activity.id)).toBe(1) // the next window starts 250 ms below a's expiry; the walk read a
  clock += 1_000
  const behind = await hold(activity.id, b, lateGateway) // expires 4 s before a: rank 0, below the window
  await hold(activity.id, c) // expires 1 s after a: in the window
  // the window records c at once; the walk, one hold a pass after a, reaches the end, then starts again at b
  expect([await mine.recordActivity(activity.id), await mine.recordActivity(activity.id), await mine.recordActivity(activity.id)]).toEqual([1, 0, 1])
  for (let pass = 0; pass < 8; pass++) expect(await mine.recordActivity(activity.id)).toBe(0)
  expect((await listReservations(core.pool, activity.id)).find((r) => r.token === behind)).toMatchObject({ userId: b, status: 'HELD', heldAt: new Date(clock - 5_000) })
  expect(await approvedTotal(activity.id)).toBe(3)
})

test('the holds taken since a pass, however long before the next, are in its window', async () => {
  const { activity } = await core.openActivity({ limit: 20 })
  const users = freshUserIds(5)
  for (let i = 0; i < 3; i++) await hold(activity.id, users[i]!)
  const mine = recorder({ sweepPage: 1 })
  expect(await mine.recordActivity(activity.id)).toBe(3)
  clock += 100
  await hold(activity.id, users[3]!) // 400 ms before the next pass: its expiry is below that pass's highest − 250 ms
  clock += 400
  await hold(activity.id, users[4]!)
  expect(await mine.recordActivity(activity.id)).toBe(2)
})

test('holds ending below the walk do not make it pass a live hold', async () => {
  const { activity } = await core.openActivity({ limit: 20 })
  const u = freshUserIds(5)
  const first = await hold(activity.id, u[0]!)
  clock += 1_000
  const next = await hold(activity.id, u[1]!)
  clock += 1_000
  await hold(activity.id, u[2]!)
  const mine = recorder({ sweepPage: 1 })
  expect(await mine.recordActivity(activity.id)).toBe(2) // the top one (window) and the first (walk)
  expect((await gateway.cancel(first, u[0]!)).status).toBe(200) // the walk's place ends; the next hold moves down to rank 0
  expect(await mine.recordActivity(activity.id)).toBe(1)
  expect((await listReservations(core.pool, activity.id)).some((r) => r.token === next)).toBe(true)
})

test('holds cut short by the activity end all expire at once: a pass with nothing new reads one page of them, not all', async () => {
  const { activity } = await core.openActivity({ limit: 400, endsAt: new Date(Date.now() + 30_000).toISOString() })
  let windowMembers = 0
  const counting = new Proxy(core.redis, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver)
      if (prop === 'zrange') return async (...a: unknown[]) => {
        const reply = (await (value as (...b: unknown[]) => Promise<string[]>).apply(target, a)) as string[]
        if (a.includes('BYSCORE')) windowMembers += reply.length
        return reply
      }
      return typeof value === 'function' ? value.bind(target) : value
    },
  }) as typeof core.redis
  const users = freshUserIds(300)
  await Promise.all(users.map((u) => hold(activity.id, u)))
  const mine = holdRecorder({ redis: counting, pool: core.pool, log: createLogger({}, 'error') })
  expect(await mine.recordActivity(activity.id)).toBe(300)
  windowMembers = 0
  for (let pass = 0; pass < 4; pass++) expect(await mine.recordActivity(activity.id)).toBe(0)
  expect(windowMembers).toBe(4 * 250)
})
