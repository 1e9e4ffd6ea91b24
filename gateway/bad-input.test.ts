import { afterAll, describe, expect, test } from 'bun:test'
import { createSigner } from 'fast-jwt'
import { activitySnapshot, publishTestActivity } from '../test/support/activity-state'
import { closeTestClients, testRedis } from '../test/support/clients'
import { startTestGateway } from '../test/support/gateway'

const redis = testRedis('bad-input-test')
const outbox = `test.commands.${crypto.randomUUID()}`
const gateway = startTestGateway({ redis, commandOutbox: outbox })
afterAll(async () => {
  await gateway.stop()
  await closeTestClients()
})

const otherSecret = createSigner({ key: 'some-other-secret-of-at-least-32-chars!!', algorithm: 'HS256' })

async function json(res: Response) {
  return { status: res.status, body: (await res.json()) as { code: string; message: string; fields?: { field: string; message: string }[] } }
}

describe('bad input is refused clearly and changes nothing', async () => {
  const id = await publishTestActivity(redis, { limit: 5 })
  const held = (await (await gateway.reserve(id, 900)).json()) as { token: string }
  const path = `/api/v1/activities/${id}/reservations`

  const cases: [string, () => Promise<Response>, number, string][] = [
    ['no Authorization header', () => gateway.call(path), 401, 'UNAUTHENTICATED'],
    ['a Basic scheme', () => gateway.call(path, { auth: 'Basic dXNlcjpwYXNz' }), 401, 'UNAUTHENTICATED'],
    ['garbage as the token', () => gateway.call(path, { auth: 'Bearer not.a.jwt' }), 401, 'INVALID_TOKEN'],
    ['a token signed with another secret', () => gateway.call(path, { auth: `Bearer ${otherSecret({ sub: '1' })}` }), 401, 'INVALID_TOKEN'],
    ['an expired token', () => gateway.call(path, { auth: `Bearer ${gateway.tokens.sign(1, -10)}` }), 401, 'INVALID_TOKEN'],
    [
      'a token whose subject is not a user id',
      () => gateway.call(path, { auth: `Bearer ${createSigner({ key: 'x', algorithm: 'HS256' })({ sub: 'alice' })}` }),
      401,
      'INVALID_TOKEN',
    ],
    ['a user id in the body', () => gateway.call(path, { userId: 1, body: { userId: 2 } }), 400, 'VALIDATION_FAILED'],
    ['a non-numeric activity id', () => gateway.call('/api/v1/activities/abc/reservations', { userId: 1 }), 400, 'VALIDATION_FAILED'],
    ['malformed JSON at confirm', () => gateway.call('/api/v1/payments/confirm', { userId: 900, body: '{"token":' }), 400, 'MALFORMED_BODY'],
    ['confirm without a token', () => gateway.call('/api/v1/payments/confirm', { userId: 900, body: {} }), 400, 'VALIDATION_FAILED'],
    [
      'confirm with a negative amount',
      () => gateway.call('/api/v1/payments/confirm', { userId: 900, body: { token: held.token, amount: -1 } }),
      400,
      'VALIDATION_FAILED',
    ],
    ['confirm without a shopper token', () => gateway.call('/api/v1/payments/confirm', { body: { token: held.token } }), 401, 'UNAUTHENTICATED'],
    ['cancel with a number as token', () => gateway.call('/api/v1/payments/cancel', { userId: 900, body: { token: 5 } }), 400, 'VALIDATION_FAILED'],
  ]

  test.each(cases)('%s', async (_, send, status, code) => {
    const before = await activitySnapshot(redis, id)
    const streamLength = await redis.xlen(outbox)
    const { status: got, body } = await json(await send())
    expect({ got, code: body.code }).toEqual({ got: status, code })
    expect(body.message.length).toBeGreaterThan(10)
    expect(await activitySnapshot(redis, id)).toEqual(before)
    expect(await redis.xlen(outbox)).toBe(streamLength)
  })

  test('validation errors name each offending field', async () => {
    const { body } = await json(await gateway.call('/api/v1/payments/confirm', { userId: 900, body: { amount: 'ten', extra: 1 } }))
    expect(body.fields?.map((f) => f.field).sort()).toEqual(['amount', 'extra', 'token'])
    expect(body.fields?.find((f) => f.field === 'token')?.message).toBe('is required')
  })
})
