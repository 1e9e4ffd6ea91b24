import { afterAll, describe, expect, test } from 'bun:test'
import { createSigner } from 'fast-jwt'
import { activitySnapshot, publishTestActivity } from '../test/support/activity-state'
import { closeTestClients, testRedis } from '../test/support/clients'
import { startTestGateway } from '../test/support/gateway'
import { headOnly } from '../test/support/raw-http'
import { shopperBodyMaxBytes } from './plugins/shopper-auth'

const redis = testRedis('bad-input-test')
const outbox = `test.commands.${crypto.randomUUID()}`
const gateway = startTestGateway({ redis, commandOutbox: outbox })
const claims = { audience: 'shop.example.com', issuer: 'https://login.example.com' }
const strict = startTestGateway({ redis, commandOutbox: outbox, tokenClaims: claims })
afterAll(async () => {
  await gateway.stop()
  await strict.stop()
  await closeTestClients()
})

const otherSecret = createSigner({ key: 'some-other-secret-of-at-least-32-chars!!', algorithm: 'HS256' })
/** tokens signed with the gateway's own secret but carrying whatever claims a test wants */
const forge = (g: typeof gateway, payload: Record<string, unknown>) => `Bearer ${createSigner({ key: g.secret, algorithm: 'HS256' })(payload)}`
const nowSeconds = () => Math.floor(Date.now() / 1000)
const valid = (extra: Record<string, unknown> = {}) => ({ sub: '900', exp: nowSeconds() + 600, ...extra })

async function json(res: Response) {
  return { status: res.status, body: (await res.json()) as { code: string; message: string; fields?: { field: string; message: string }[] } }
}

describe('bad input is refused clearly and changes nothing', async () => {
  const id = await publishTestActivity(redis, { limit: 5 })
  const held = (await (await gateway.reserve(id, 900)).json()) as { token: string }
  const path = `/api/v1/activities/${id}/reservations`
  const confirm = '/api/v1/payments/confirm'

  const cases: [string, () => Promise<Response>, number, string][] = [
    ['no Authorization header', () => gateway.call(path), 401, 'UNAUTHENTICATED'],
    ['a Basic scheme', () => gateway.call(path, { auth: 'Basic dXNlcjpwYXNz' }), 401, 'UNAUTHENTICATED'],
    ['garbage as the token', () => gateway.call(path, { auth: 'Bearer not.a.jwt' }), 401, 'INVALID_TOKEN'],
    ['a token signed with another secret', () => gateway.call(path, { auth: `Bearer ${otherSecret({ sub: '1' })}` }), 401, 'INVALID_TOKEN'],
    ['an expired token (beyond the 30 s leeway)', () => gateway.call(path, { auth: `Bearer ${gateway.tokens.sign(1, -60)}` }), 401, 'INVALID_TOKEN'],
    [
      'a token whose subject is not a user id',
      () => gateway.call(path, { auth: `Bearer ${createSigner({ key: 'x', algorithm: 'HS256' })({ sub: 'alice' })}` }),
      401,
      'INVALID_TOKEN',
    ],
    // shopper tokens (defect 7): each of these was taken before
    ['a token without exp (was valid forever)', () => gateway.call(path, { auth: forge(gateway, { sub: '900' }) }), 401, 'INVALID_TOKEN'],
    ['a token issued in the future (iat)', () => gateway.call(path, { auth: forge(gateway, valid({ iat: nowSeconds() + 3600 })) }), 401, 'INVALID_TOKEN'],
    ['a token with sub "0x10"', () => gateway.call(path, { auth: forge(gateway, valid({ sub: '0x10' })) }), 401, 'INVALID_TOKEN'],
    ['a token with sub " 3 "', () => gateway.call(path, { auth: forge(gateway, valid({ sub: ' 3 ' })) }), 401, 'INVALID_TOKEN'],
    ['a token with sub "1e1"', () => gateway.call(path, { auth: forge(gateway, valid({ sub: '1e1' })) }), 401, 'INVALID_TOKEN'],
    ['a token without aud where one is configured', () => strict.call(path, { auth: forge(strict, valid({ iss: claims.issuer })) }), 401, 'INVALID_TOKEN'],
    [
      'a token for another audience',
      () => strict.call(path, { auth: forge(strict, valid({ aud: 'other.example.com', iss: claims.issuer })) }),
      401,
      'INVALID_TOKEN',
    ],
    [
      'a token from another issuer',
      () => strict.call(path, { auth: forge(strict, valid({ aud: claims.audience, iss: 'https://evil.example.net' })) }),
      401,
      'INVALID_TOKEN',
    ],
    ['a user id in the body', () => gateway.call(path, { userId: 1, body: { userId: 2 } }), 400, 'VALIDATION_FAILED'],
    ['a non-numeric activity id', () => gateway.call('/api/v1/activities/abc/reservations', { userId: 1 }), 400, 'VALIDATION_FAILED'],
    // path ids (defect 7): Elysia's t.Integer read these as 1
    ['activity id "1e0"', () => gateway.call('/api/v1/activities/1e0/reservations', { userId: 1 }), 400, 'VALIDATION_FAILED'],
    ['activity id "0x1"', () => gateway.call('/api/v1/activities/0x1/reservations', { userId: 1 }), 400, 'VALIDATION_FAILED'],
    ['activity id "01"', () => gateway.call('/api/v1/activities/01/reservations', { userId: 1 }), 400, 'VALIDATION_FAILED'],
    ['activity id " 1"', () => gateway.call('/api/v1/activities/%201/reservations', { userId: 1 }), 400, 'VALIDATION_FAILED'],
    ['activity id beyond 2^53', () => gateway.call('/api/v1/activities/9007199254740993/reservations', { userId: 1 }), 400, 'VALIDATION_FAILED'],
    ['malformed JSON at confirm', () => gateway.call(confirm, { userId: 900, body: '{"token":' }), 400, 'MALFORMED_BODY'],
    ['confirm without a token', () => gateway.call(confirm, { userId: 900, body: {} }), 400, 'VALIDATION_FAILED'],
    ['confirm without a body', () => gateway.call(confirm, { userId: 900 }), 400, 'VALIDATION_FAILED'],
    [
      'confirm with a negative amount',
      () => gateway.call(confirm, { userId: 900, body: { token: held.token, amount: -1 } }),
      400,
      'VALIDATION_FAILED',
    ],
    ['confirm without a shopper token', () => gateway.call(confirm, { body: { token: held.token } }), 401, 'UNAUTHENTICATED'],
    [
      `confirm with a body over ${shopperBodyMaxBytes} bytes`,
      () => gateway.call(confirm, { userId: 900, body: { token: held.token, note: 'x'.repeat(shopperBodyMaxBytes) } }),
      413,
      'BODY_TOO_LARGE',
    ],
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
    const { body } = await json(await gateway.call(confirm, { userId: 900, body: { amount: 'ten', extra: 1 } }))
    expect(body.fields?.map((f) => f.field).sort()).toEqual(['amount', 'extra', 'token'])
    expect(body.fields?.find((f) => f.field === 'token')?.message).toBe('is required')
  })

  test('a path id that is not canonical decimal digits is named with the rule', async () => {
    const { body } = await json(await gateway.call('/api/v1/activities/1e0/reservations', { userId: 1 }))
    expect(body.fields).toEqual([{ field: 'params.id', message: 'must be a whole number from 1 to 9007199254740991 in decimal digits' }])
  })

  test('with an audience and issuer configured, the tokens the gateway signs (dev tokens, ./axon token) are taken', async () => {
    const other = await publishTestActivity(redis, { limit: 1 })
    expect((await strict.reserve(other, 901)).status).toBe(201)
  })
})

describe('bodies (defect 6: an unauthenticated 30 MB body was parsed whole before a 400)', () => {
  test('an unauthenticated 30 MB body to confirm is answered 401 without reading it', async () => {
    let pulled = 0
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++
        controller.enqueue(new Uint8Array(1024 * 1024))
        if (pulled === 30) controller.close()
      },
    })
    const request = new Request(`${gateway.url}/api/v1/payments/confirm`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': String(30 * 1024 * 1024) },
      body,
    })
    const { status, body: answer } = await json(await gateway.app.handle(request))
    expect({ status, code: answer.code }).toEqual({ status: 401, code: 'UNAUTHENTICATED' })
    expect(request.bodyUsed).toBe(false)
    // a ReadableStream pulls once on its own to fill its queue; a read would have taken all 30
    expect(pulled).toBeLessThanOrEqual(1)
  })

  test('on the wire: an unauthenticated request declaring a body is answered 401 before any of it is sent', async () => {
    const answer = await headOnly(`${gateway.url}/api/v1/payments/confirm`, 'POST', { 'content-type': 'application/json', 'content-length': '400000' })
    expect(answer.status).toBe(401)
    expect(JSON.parse(answer.body).code).toBe('UNAUTHENTICATED')
  })

  test('on the wire: an authenticated confirm declaring more than its limit is answered 413 before any of it is sent', async () => {
    const answer = await headOnly(`${gateway.url}/api/v1/payments/confirm`, 'POST', {
      authorization: `Bearer ${gateway.tokens.sign(900)}`,
      'content-type': 'application/json',
      'content-length': String(shopperBodyMaxBytes + 1),
    })
    expect(answer.status).toBe(413)
    expect(JSON.parse(answer.body).code).toBe('BODY_TOO_LARGE')
  })

  test('an authenticated body sent without a length (chunked) is cut off at the limit', async () => {
    const chunk = new TextEncoder().encode(' '.repeat(1024))
    let sent = 0
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 64) controller.enqueue(chunk)
        else controller.close()
      },
    })
    const res = await fetch(`${gateway.url}/api/v1/payments/confirm`, {
      method: 'POST',
      headers: { authorization: `Bearer ${gateway.tokens.sign(900)}`, 'content-type': 'application/json' },
      body,
    })
    expect({ status: res.status, code: ((await res.json()) as { code: string }).code }).toEqual({ status: 413, code: 'BODY_TOO_LARGE' })
  })

  test.each(['/api/v1/payments/confirm', '/collect'])(
    'a client that goes away in the middle of its body is answered 400 BODY_INCOMPLETE at %s, not logged as a 500 bug (anyone could fill the error log)',
    async (route) => {
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new TextEncoder().encode('{"events": ['))
          controller.error(new DOMException('The connection was closed.', 'AbortError'))
        },
      })
      const request = new Request(`${gateway.url}${route}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${gateway.tokens.sign(900)}`, 'content-type': 'text/plain' },
        body,
      })
      const { status, body: answer } = await json(await gateway.app.handle(request))
      expect({ status, code: answer.code }).toEqual({ status: 400, code: 'BODY_INCOMPLETE' })
    },
  )

  test.each(['/api/v1/payments/confirm', '/collect'])('on the wire: a body declared over the server limit is refused by the server at once (413) at %s', async (route) => {
    const answer = await headOnly(`${gateway.url}${route}`, 'POST', {
      authorization: `Bearer ${gateway.tokens.sign(900)}`,
      'content-type': 'application/json',
      'content-length': String(30 * 1024 * 1024),
    })
    expect(answer.status).toBe(413)
  })
})
