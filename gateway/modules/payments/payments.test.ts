import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { activityKeys } from '../../../common/redis/keys'
import { activitySnapshot, publishTestActivity, takenPlusFree } from '../../../test/support/activity-state'
import { closeTestClients, testRedis } from '../../../test/support/clients'
import { entryCommandsOn } from '../../../test/support/commands'
import { startTestGateway } from '../../../test/support/gateway'

const redis = testRedis('payments-test')
const outbox = `test.commands.${crypto.randomUUID()}`
let clock = Date.now()
let gateway: ReturnType<typeof startTestGateway>

beforeAll(() => {
  gateway = startTestGateway({ redis, commandOutbox: outbox, holdTtlMs: 10_000, now: () => clock })
})
afterAll(async () => {
  await gateway.stop()
  await closeTestClients()
})

async function hold(activityId: number, userId: number): Promise<string> {
  const res = await gateway.reserve(activityId, userId)
  expect(res.status).toBe(201)
  return ((await res.json()) as { token: string }).token
}

async function json(res: Response) {
  return { status: res.status, body: (await res.json()) as Record<string, unknown> }
}

const commandsIn = (stream: string) => entryCommandsOn(redis, stream)

describe('mock payment confirm', () => {
  test('confirming consumes the hold and appends exactly one valid ENTRY_CONFIRMED command', async () => {
    const id = await publishTestActivity(redis, { limit: 3, price: 42_000, productId: 9 })
    const token = await hold(id, 501)
    const before = (await commandsIn(outbox)).length
    const { status, body } = await json(await gateway.confirm(token, 501, { amount: 42_000 }))
    expect(status).toBe(200)
    expect(body).toMatchObject({ status: 'CONFIRMED', activityId: id, amount: 42_000, replayed: false })
    const commands = (await commandsIn(outbox)).slice(before)
    expect(commands).toHaveLength(1)
    expect(commands[0]!.key).toBe(String(id))
    expect(commands[0]!.command).toMatchObject({
      type: 'ENTRY_CONFIRMED', activityId: id, userId: 501, reservationToken: token, productId: 9, amount: 42_000,
      orderId: body.orderId, confirmedAt: body.confirmedAt,
    })
    const k = activityKeys(id)
    expect(await redis.zcard(k.holds)).toBe(0)
    expect(await redis.sismember(k.confirmed, '501')).toBe(1)
    expect(await redis.sismember(k.participants, '501')).toBe(1)
    expect(await takenPlusFree(redis, id)).toBe(3)
  })

  test('a retried confirm replays the first answer and emits no second command', async () => {
    const id = await publishTestActivity(redis, { limit: 1 })
    const token = await hold(id, 502)
    const first = await json(await gateway.confirm(token, 502))
    const count = (await commandsIn(outbox)).length
    const again = await json(await gateway.confirm(token, 502))
    expect(again.status).toBe(200)
    expect(again.body).toEqual({ ...first.body, replayed: true })
    expect((await commandsIn(outbox)).length).toBe(count)
  })

  test('a confirmed shopper cannot enter the same activity again', async () => {
    const id = await publishTestActivity(redis, { limit: 5 })
    await gateway.confirm(await hold(id, 503), 503)
    expect((await json(await gateway.reserve(id, 503))).body.code).toBe('ALREADY_ENTERED')
  })

  test("another shopper's token is WRONG_USER and changes nothing", async () => {
    const id = await publishTestActivity(redis, { limit: 2 })
    const token = await hold(id, 504)
    const before = await activitySnapshot(redis, id)
    const streamLength = await redis.xlen(outbox)
    for (const call of [gateway.confirm(token, 999), gateway.cancel(token, 999)]) {
      const { status, body } = await json(await call)
      expect(status).toBe(403)
      expect(body.code).toBe('WRONG_USER')
    }
    expect(await activitySnapshot(redis, id)).toEqual(before)
    expect(await redis.xlen(outbox)).toBe(streamLength)
  })

  test('an unknown token is UNKNOWN_TOKEN, whatever its shape', async () => {
    const id = await publishTestActivity(redis, { limit: 1 })
    for (const token of [`${id}.nosuchtoken`, 'not-a-token', '0.abc']) {
      const { status, body } = await json(await gateway.confirm(token, 1))
      expect(status).toBe(404)
      expect(body.code).toBe('UNKNOWN_TOKEN')
    }
  })

  test('paying the wrong amount is refused and the hold stays', async () => {
    const id = await publishTestActivity(redis, { limit: 1, price: 10_000 })
    const token = await hold(id, 505)
    const { status, body } = await json(await gateway.confirm(token, 505, { amount: 9_999 }))
    expect(status).toBe(422)
    expect(body.code).toBe('AMOUNT_MISMATCH')
    expect((await json(await gateway.confirm(token, 505, { amount: 10_000 }))).status).toBe(200)
  })

  test('a hold past its expiry is EXPIRED at confirm, and its unit is back in stock', async () => {
    const id = await publishTestActivity(redis, { limit: 1 })
    const token = await hold(id, 506)
    clock += 10_001
    const { status, body } = await json(await gateway.confirm(token, 506))
    expect(status).toBe(410)
    expect(body.code).toBe('EXPIRED')
    expect(await redis.get(activityKeys(id).stock)).toBe('1')
    expect((await json(await gateway.confirm(token, 506))).body.code).toBe('EXPIRED')
  })
})

describe('confirm and the activity window', () => {
  test('once the activity is ENDED a live hold is CLOSED at confirm, and nothing changes', async () => {
    const id = await publishTestActivity(redis, { limit: 2 })
    const token = await hold(id, 511)
    await publishTestActivity(redis, { id, limit: 2, status: 'ENDED' })
    const before = await activitySnapshot(redis, id)
    const streamLength = await redis.xlen(outbox)
    expect(await json(await gateway.confirm(token, 511))).toMatchObject({ status: 410, body: { code: 'CLOSED' } })
    expect(await activitySnapshot(redis, id)).toEqual(before)
    expect(await redis.xlen(outbox)).toBe(streamLength)
  })

  test('past endsAt confirm is CLOSED, even for a hold taken before the end', async () => {
    const id = await publishTestActivity(redis, { limit: 1, startsAt: clock - 60_000, endsAt: clock + 5_000 })
    const token = await hold(id, 512)
    // a hold taken before this rule existed could outlive its activity; moving the end earlier does the same
    await publishTestActivity(redis, { id, limit: 1, startsAt: clock - 60_000, endsAt: clock + 1_000 })
    clock += 1_000
    expect(await json(await gateway.confirm(token, 512))).toMatchObject({ status: 410, body: { code: 'CLOSED' } })
    expect(await redis.sismember(activityKeys(id).confirmed, '512')).toBe(0)
  })

  test('a PAUSED activity honours live holds', async () => {
    const id = await publishTestActivity(redis, { limit: 1 })
    const token = await hold(id, 513)
    await publishTestActivity(redis, { id, limit: 1, status: 'PAUSED' })
    expect(await json(await gateway.confirm(token, 513))).toMatchObject({ status: 200, body: { status: 'CONFIRMED' } })
  })

  test('a confirm made before the end still replays after it', async () => {
    const id = await publishTestActivity(redis, { limit: 1 })
    const token = await hold(id, 514)
    const first = await json(await gateway.confirm(token, 514))
    await publishTestActivity(redis, { id, limit: 1, status: 'ENDED' })
    expect(await json(await gateway.confirm(token, 514))).toEqual({ status: 200, body: { ...first.body, replayed: true } })
  })
})

test('a confirm whose XADD fails changes nothing: the hold stays live, nothing confirmed, no order', async () => {
  const brokenOutbox = `test.commands.${crypto.randomUUID()}`
  await redis.set(brokenOutbox, 'not a stream')
  const broken = startTestGateway({ redis, commandOutbox: brokenOutbox, now: () => clock })
  try {
    const id = await publishTestActivity(redis, { limit: 1 })
    const token = await hold(id, 521)
    const before = await activitySnapshot(redis, id)
    const res = await broken.confirm(token, 521)
    expect(res.status).toBeGreaterThanOrEqual(500)
    expect(await activitySnapshot(redis, id)).toEqual(before)
    expect(before.owners).toEqual({ [token]: '521' })
    expect(await redis.get(brokenOutbox)).toBe('not a stream')
    // the same hold confirms once the outbox works
    expect((await gateway.confirm(token, 521)).status).toBe(200)
  } finally {
    await broken.stop()
  }
})

describe('cancelling a hold', () => {
  test('gives the unit back at once and lets the shopper enter again', async () => {
    const id = await publishTestActivity(redis, { limit: 1 })
    const token = await hold(id, 601)
    expect((await json(await gateway.reserve(id, 602))).body.code).toBe('SOLD_OUT')
    expect(await json(await gateway.cancel(token, 601))).toEqual({ status: 200, body: { status: 'CANCELLED', activityId: id } })
    expect(await redis.get(activityKeys(id).stock)).toBe('1')
    expect((await json(await gateway.confirm(token, 601))).body.code).toBe('CANCELLED')
    expect((await gateway.reserve(id, 601)).status).toBe(201)
  })

  test('a paid reservation cannot be cancelled', async () => {
    const id = await publishTestActivity(redis, { limit: 1 })
    const token = await hold(id, 603)
    await gateway.confirm(token, 603)
    const { status, body } = await json(await gateway.cancel(token, 603))
    expect(status).toBe(409)
    expect(body.code).toBe('ALREADY_CONFIRMED')
  })
})
