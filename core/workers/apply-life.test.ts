/**
 * Reservation life events through the command handler into `reservations`: an end alone records
 * the hold's whole life (taken at the time in its token, its expiry from the event); exactly one
 * row per token whatever the order and however often each event comes (with the taken events
 * written before holds stopped appending one, and the hold recorder's rows); a hold that ended
 * never goes back to HELD.
 */
import { afterAll, expect, test } from 'bun:test'
import { randomUUID } from 'node:crypto'
import type { IncomingMessage } from '../../common/bus/port'
import { encodeEntryCommand } from '../../common/codecs/entry-command'
import { encodeReservationLife, type ReservationLife } from '../../common/codecs/reservation-life'
import { topics } from '../../common/topics'
import { closeTestClients } from '../../test/support/clients'
import { entryConfirmed } from '../../test/support/commands'
import { freshUserIds, testCoreApp } from '../../test/support/core-app'
import { recordingLog } from '../../test/support/recording-log'
import { reservationToken } from '../../common/redis/keys'
import { listReservations } from '../repositories/reservations'
import { createCommandHandler } from './command-handler'

const { openActivity, pool } = testCoreApp()
afterAll(closeTestClients)

const handle = createCommandHandler({
  pool, eventTopic: `test.event.raw.${randomUUID()}`, concurrency: 4, maxDeliveries: 3, log: recordingLog().log, recheckVerdicts: async () => {},
})
const message = (value: string): IncomingMessage => ({ id: `${Date.now()}-0`, topic: topics.campaignActivityCommand, value, headers: {}, deliveryCount: 1 })
const t0 = Date.parse('2026-11-23T10:00:00.000Z')

/** A hold taken at t0, as the gateway issues its token, and the events of its life. */
function lifeOf(activityId: number, userId: number, token = reservationToken(activityId, t0)) {
  const base = { token, activityId, userId }
  const expiresAt = new Date(t0 + 600_000)
  return {
    token,
    /** as reserve-9.lua (as the script was then) appended it until holds stopped appending one */
    held: { type: 'RESERVATION_HELD', ...base, at: new Date(t0), expiresAt } satisfies ReservationLife,
    cancelled: { type: 'RESERVATION_CANCELLED', ...base, at: new Date(t0 + 1000), expiresAt } satisfies ReservationLife,
    expired: { type: 'RESERVATION_EXPIRED', ...base, at: new Date(t0 + 600_000), expiresAt } satisfies ReservationLife,
  }
}
const send = (...events: ReservationLife[]) => handle(events.map((e) => message(encodeReservationLife(e))))

test("an end alone records the hold whole: taken at its token's time, its expiry, how and when it ended", async () => {
  const { activity, product } = await openActivity()
  const [a, b, c] = freshUserIds(3) as [number, number, number]
  const [cancelled, expired, paid] = [lifeOf(activity.id, a), lifeOf(activity.id, b), lifeOf(activity.id, c)]
  const confirmedAt = new Date(t0 + 5000)
  const payment = entryConfirmed(activity.id, c, product.id, { reservationToken: paid.token, confirmedAt: confirmedAt.toISOString(), holdExpiresAt: new Date(t0 + 600_000) })
  expect(await handle([message(encodeReservationLife(cancelled.cancelled)), message(encodeReservationLife(expired.expired)), message(encodeEntryCommand(payment))])).toEqual([
    { kind: 'ok' }, { kind: 'ok' }, { kind: 'ok' },
  ])
  const byToken = Object.fromEntries((await listReservations(pool, activity.id)).map((r) => [r.token, r]))
  const times = { heldAt: new Date(t0), expiresAt: new Date(t0 + 600_000) }
  expect(byToken[cancelled.token]).toMatchObject({ userId: a, status: 'CANCELLED', ...times, endedAt: new Date(t0 + 1000) })
  expect(byToken[expired.token]).toMatchObject({ userId: b, status: 'EXPIRED', ...times, endedAt: new Date(t0 + 600_000) })
  expect(byToken[paid.token]).toMatchObject({ userId: c, status: 'CONFIRMED', ...times, endedAt: confirmedAt })
})

test('the end of a token issued before tokens carried their time keeps the time its taken event recorded, in either order', async () => {
  const { activity } = await openActivity()
  const [a, b] = freshUserIds(2) as [number, number]
  const endFirst = lifeOf(activity.id, a, `${activity.id}.${randomUUID()}`)
  const heldFirst = lifeOf(activity.id, b, `${activity.id}.${randomUUID()}`)
  await send(endFirst.expired, heldFirst.held)
  await send(endFirst.held, heldFirst.cancelled)
  const byToken = Object.fromEntries((await listReservations(pool, activity.id)).map((r) => [r.token, r]))
  expect(byToken[endFirst.token]).toMatchObject({ status: 'EXPIRED', heldAt: new Date(t0), endedAt: new Date(t0 + 600_000) })
  expect(byToken[heldFirst.token]).toMatchObject({ status: 'CANCELLED', heldAt: new Date(t0), endedAt: new Date(t0 + 1000) })
})

test('held then ended, ended then held, and each event twice: one row per token with both times and the end', async () => {
  const { activity } = await openActivity()
  const [a, b, c] = freshUserIds(3) as [number, number, number]
  const inOrder = lifeOf(activity.id, a)
  const reversed = lifeOf(activity.id, b)
  const stillHeld = lifeOf(activity.id, c)
  expect(await send(inOrder.held, reversed.expired, stillHeld.held)).toEqual([{ kind: 'ok' }, { kind: 'ok' }, { kind: 'ok' }])
  await send(inOrder.cancelled, reversed.held)
  await send(inOrder.held, inOrder.cancelled, reversed.expired, reversed.held, stillHeld.held) // redelivered

  const rows = await listReservations(pool, activity.id)
  const byToken = Object.fromEntries(rows.map((r) => [r.token, r]))
  expect(rows).toHaveLength(3)
  expect(byToken[inOrder.token]).toMatchObject({ userId: a, status: 'CANCELLED', heldAt: new Date(t0), expiresAt: new Date(t0 + 600_000), endedAt: new Date(t0 + 1000) })
  expect(byToken[reversed.token]).toMatchObject({ userId: b, status: 'EXPIRED', heldAt: new Date(t0), endedAt: new Date(t0 + 600_000) })
  expect(byToken[stillHeld.token]).toMatchObject({ userId: c, status: 'HELD', heldAt: new Date(t0), endedAt: null })
})

test('the payment of a hold records it CONFIRMED with the entry, before or after its held event, and no other end replaces it', async () => {
  const { activity, product } = await openActivity()
  const [a, b] = freshUserIds(2) as [number, number]
  const paidFirst = lifeOf(activity.id, a)
  const heldFirst = lifeOf(activity.id, b)
  const confirmedAt = new Date(t0 + 5000).toISOString()
  const payment = (userId: number, token: string) => message(encodeEntryCommand(entryConfirmed(activity.id, userId, product.id, { reservationToken: token, confirmedAt })))

  await send(heldFirst.held)
  expect(await handle([payment(a, paidFirst.token), payment(b, heldFirst.token)])).toEqual([{ kind: 'ok' }, { kind: 'ok' }])
  // an expiry recorded late (say, by a restore that ran before the payment was applied) changes nothing
  await send(paidFirst.held, paidFirst.expired, heldFirst.expired)

  const rows = await listReservations(pool, activity.id)
  expect(rows.map((r) => [r.token, r.status, r.heldAt, r.endedAt]).sort()).toEqual(
    [
      [paidFirst.token, 'CONFIRMED', new Date(t0), new Date(confirmedAt)],
      [heldFirst.token, 'CONFIRMED', new Date(t0), new Date(confirmedAt)],
    ].sort(),
  )
})

test('an ended hold recorded before a payment of the same token is applied becomes CONFIRMED: money was taken', async () => {
  const { activity, product } = await openActivity()
  const [a] = freshUserIds(1) as [number]
  const life = lifeOf(activity.id, a)
  await send(life.held, life.expired)
  await handle([message(encodeEntryCommand(entryConfirmed(activity.id, a, product.id, { reservationToken: life.token })))])
  expect((await listReservations(pool, activity.id)).map((r) => r.status)).toEqual(['CONFIRMED'])
})

test('a payment refused as a conflict (its order already recorded) still records its hold, taken and CONFIRMED', async () => {
  const { activity, product } = await openActivity()
  const [a, b] = freshUserIds(2) as [number, number]
  const [first, second] = [lifeOf(activity.id, a), lifeOf(activity.id, b)]
  const orderId = `ord-${randomUUID()}`
  const payment = (userId: number, token: string) => message(encodeEntryCommand(entryConfirmed(activity.id, userId, product.id, { reservationToken: token, orderId, confirmedAt: new Date(t0 + 5000).toISOString() })))
  const [applied, refused] = await handle([payment(a, first.token)]).then(async (one) => [...one, ...(await handle([payment(b, second.token)]))])
  expect(applied).toEqual({ kind: 'ok' })
  expect(refused).toMatchObject({ kind: 'dlq' })
  const byToken = Object.fromEntries((await listReservations(pool, activity.id)).map((r) => [r.token, r]))
  expect(byToken[second.token]).toMatchObject({ userId: b, status: 'CONFIRMED', heldAt: new Date(t0), endedAt: new Date(t0 + 5000) })
})

test('a life event that cannot be read is dead-lettered with the reason', async () => {
  const [outcome] = await handle([message(JSON.stringify({ type: 'RESERVATION_HELD', token: 'x', activityId: 1, userId: '2', at: '1' }))])
  expect(outcome).toMatchObject({ kind: 'dlq', step: 'parse', reason: expect.stringContaining('invalid reservation event') })
})
