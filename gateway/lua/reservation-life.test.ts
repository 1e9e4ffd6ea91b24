/**
 * The reservation scripts append each hold's end to the command stream in the same atomic step,
 * with its whole life: one RESERVATION_CANCELLED or RESERVATION_EXPIRED per hold released (by
 * cancel, by the sweeper, or found lapsed by reserve or confirm), one ENTRY_CONFIRMED per payment,
 * each with the hold's expiry, and the time it was taken in its token. Taking a hold appends
 * nothing (core records live holds from Redis: core/activity-state/hold-recorder.ts); refusals
 * append nothing.
 */
import { afterAll, expect, test } from 'bun:test'
import { decodeEntryCommand } from '../../common/codecs/entry-command'
import { decodeReservationLife } from '../../common/codecs/reservation-life'
import { activityKeys, heldAtOfToken } from '../../common/redis/keys'
import { publishTestActivity } from '../../test/support/activity-state'
import { closeTestClients, testRedis } from '../../test/support/clients'
import { startTestGateway } from '../../test/support/gateway'

const redis = testRedis('reservation-life-test')
const outbox = `test.commands.${crypto.randomUUID()}`
let clock = Date.now()
const gateway = startTestGateway({ redis, commandOutbox: outbox, holdTtlMs: 10_000, now: () => clock })
/** the sweeper's step for one activity (a sweep of the shared test Redis at this clock would release other files' holds) */
const sweep = (activityId: number) => gateway.scripts.expireHolds({ activityId, now: clock, max: 500, retentionMs: 86_400_000 })

afterAll(async () => {
  await gateway.stop()
  await closeTestClients()
})

/** what the stream holds for one activity, in order, with the hold's times (taken: from its token) */
async function lifeOf(activityId: number) {
  const entries = await redis.xrange(outbox, '-', '+')
  return entries
    .filter(([, fields]) => fields[fields.indexOf('key') + 1] === String(activityId))
    .map(([, fields]) => {
      const value = fields[fields.indexOf('value') + 1]!
      const life = decodeReservationLife(value)
      if (life) {
        if (!life.ok) throw new Error(life.reason)
        expect(life.event.activityId).toBe(activityId)
        const { type, token, userId, at, expiresAt } = life.event
        return { type, token, userId, at: at.getTime(), heldAt: heldAtOfToken(token)?.getTime(), expiresAt: expiresAt?.getTime() }
      }
      const command = decodeEntryCommand(value)
      if (!command.ok) throw new Error(command.reason)
      const { type, reservationToken: token, userId, confirmedAt, holdExpiresAt } = command.command
      return { type, token, userId, at: Date.parse(confirmedAt), heldAt: heldAtOfToken(token)?.getTime(), expiresAt: holdExpiresAt?.getTime() }
    })
}

async function hold(activityId: number, userId: number): Promise<string> {
  const res = await gateway.reserve(activityId, userId)
  expect(res.status).toBe(201)
  return ((await res.json()) as { token: string }).token
}

test('each hold paid, cancelled or lapsed appears once, in order, with when it was taken, would expire and ended; taking one and refusals add nothing', async () => {
  const id = await publishTestActivity(redis, { limit: 3 })
  const start = clock
  const paid = await hold(id, 9_007_199_254_740_991)
  const cancelled = await hold(id, 2)
  const lapsedAtConfirm = await hold(id, 3)
  expect((await gateway.reserve(id, 4)).status).toBe(409) // sold out: nothing recorded
  expect((await gateway.confirm(paid, 9_007_199_254_740_991)).status).toBe(200)
  expect((await gateway.confirm(paid, 9_007_199_254_740_991)).status).toBe(200) // a replay records nothing
  expect((await gateway.cancel(cancelled, 2)).status).toBe(200)
  expect((await gateway.cancel(cancelled, 2)).status).toBe(410)
  clock += 10_001
  expect((await gateway.confirm(lapsedAtConfirm, 3)).status).toBe(410)

  const times = { heldAt: start, expiresAt: start + 10_000 }
  expect(await lifeOf(id)).toEqual([
    { type: 'ENTRY_CONFIRMED', token: paid, userId: 9_007_199_254_740_991, at: start, ...times },
    { type: 'RESERVATION_CANCELLED', token: cancelled, userId: 2, at: start, ...times },
    { type: 'RESERVATION_EXPIRED', token: lapsedAtConfirm, userId: 3, at: clock, ...times },
  ])
})

test('holds lapsed are recorded EXPIRED whether the sweeper or a later reserve releases them', async () => {
  const id = await publishTestActivity(redis, { limit: 1 })
  const firstAt = clock
  const first = await hold(id, 11)
  clock += 10_001
  const secondAt = clock
  const second = await hold(id, 12) // the stock is 0: reserve answers LAPSED, the gateway releases the lapsed hold and asks again
  expect(await lifeOf(id)).toEqual([{ type: 'RESERVATION_EXPIRED', token: first, userId: 11, at: secondAt, heldAt: firstAt, expiresAt: firstAt + 10_000 }])
  clock += 10_001
  expect(await sweep(id)).toBe(1)
  expect((await lifeOf(id))[1]).toEqual({ type: 'RESERVATION_EXPIRED', token: second, userId: 12, at: clock, heldAt: secondAt, expiresAt: secondAt + 10_000 })
})

test("a shopper whose own hold lapsed may reserve again before the sweeper comes: that hold is recorded EXPIRED first", async () => {
  const id = await publishTestActivity(redis, { limit: 5 })
  const firstAt = clock
  const first = await hold(id, 21)
  clock += 10_001
  const again = await hold(id, 21)
  expect(again).not.toBe(first)
  expect(await lifeOf(id)).toEqual([{ type: 'RESERVATION_EXPIRED', token: first, userId: 21, at: clock, heldAt: firstAt, expiresAt: firstAt + 10_000 }])
  expect(await redis.get(activityKeys(id).stock)).toBe('4')
})

test('a token a shopper made up, however it is shaped, ends nothing and appends nothing', async () => {
  const id = await publishTestActivity(redis, { limit: 5 })
  const real = await hold(id, 31)
  const madeUp = [`${id}.x","type":"RESERVATION_EXPIRED`, `${id}.${'a'.repeat(24)}`, `${real}x`, real.slice(0, -1)]
  for (const token of madeUp) {
    for (const res of [await gateway.cancel(token, 31), await gateway.confirm(token, 31)]) expect([400, 404]).toContain(res.status)
  }
  expect(await lifeOf(id)).toEqual([])
})

test('an end is written as the JSON the codec reads, ids and times as decimal text; no token issued needs escaping', async () => {
  const id = await publishTestActivity(redis, { limit: 200 })
  const takenAt = clock
  const tokens = await Promise.all(Array.from({ length: 200 }, (_, i) => hold(id, 1_000 + i)))
  expect(await lifeOf(id)).toEqual([]) // taking a hold appends nothing
  // appendLifeEvent.lua writes tokens unescaped: it relies on every token the gateway issues being JSON-safe
  for (const token of tokens) expect(token).toMatch(/^[0-9]+\.[0-9a-z]{8}[A-Za-z0-9_-]{16}$/)
  await Promise.all(tokens.map((token, i) => gateway.cancel(token, 1_000 + i).then((res) => expect(res.status).toBe(200))))
  const values = (await redis.xrange(outbox, '-', '+'))
    .filter(([, fields]) => fields[fields.indexOf('key') + 1] === String(id))
    .map(([, fields]) => JSON.parse(fields[fields.indexOf('value') + 1]!) as Record<string, unknown>)
  expect(values).toHaveLength(200)
  for (const value of values) {
    expect(Object.keys(value).sort()).toEqual(['activityId', 'at', 'expiresAt', 'token', 'type', 'userId'])
    expect(value).toMatchObject({ type: 'RESERVATION_CANCELLED', activityId: String(id), at: String(clock), expiresAt: String(takenAt + 10_000) })
  }
  expect(values.map((v) => v.token).sort()).toEqual([...tokens].sort())
  expect(values.map((v) => Number(v.userId)).sort((a, b) => a - b)).toEqual(Array.from({ length: 200 }, (_, i) => 1_000 + i))
})
