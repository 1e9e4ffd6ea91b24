import { afterAll, describe, expect, test } from 'bun:test'
import type { BehaviorEvent } from '../../../common/schemas/behavior-event'
import { closeTestClients, testRedis } from '../../../test/support/clients'
import { testEvent } from '../../../test/support/events'
import { startTestGateway } from '../../../test/support/gateway'

const redis = testRedis('collect-test')
const gateway = startTestGateway({ redis, storefrontOrigins: 'https://shop.example.com' })
const limited = startTestGateway({ redis, collectRatePerSecond: 2 })
const behindProxy = startTestGateway({ redis, collectRatePerSecond: 2, trustedProxyHops: 1 })
afterAll(async () => {
  await gateway.stop()
  await limited.stop()
  await behindProxy.stop()
  await closeTestClients()
})

const post = (body: unknown, headers: Record<string, string> = {}, g = gateway) =>
  fetch(`${g.url}/collect`, {
    method: 'POST',
    headers: { 'content-type': 'text/plain;charset=UTF-8', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })

async function published(topic = gateway.eventTopic): Promise<{ key: string; event: BehaviorEvent }[]> {
  const entries = await redis.xrange(topic, '-', '+')
  return entries.map(([, f]) => ({ key: f[f.indexOf('key') + 1]!, event: JSON.parse(f[f.indexOf('value') + 1]!) }))
}

describe('POST /collect', () => {
  test('publishes a valid batch unchanged, keyed by visitor, as sent by sendBeacon (text/plain)', async () => {
    const events = [testEvent(), testEvent({ triggerType: 'CLICK', userId: 42 }), testEvent({ triggerType: 'SCROLL', properties: { scrollDepth: 50 } })]
    const before = (await published()).length
    const res = await post({ events })
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ accepted: 3, rejected: [] })
    const out = (await published()).slice(before)
    expect(out.map((o) => o.event)).toEqual(events)
    expect(out.map((o) => o.key)).toEqual(['aanon-1', 'u42', 'aanon-1'])
  })

  test('accepts the valid events of a mixed batch and reports each invalid one with its reason', async () => {
    const good = [testEvent(), testEvent({ triggerType: 'PURCHASE' })]
    const bad = [
      { ...testEvent(), triggerType: 'HOVER' },
      { ...testEvent(), occurredAt: 'yesterday' },
      { ...testEvent(), eventId: undefined },
      { ...testEvent(), activityId: 'seven' },
      { ...testEvent(), secret: 'x' },
      { ...testEvent(), properties: { ['k'.repeat(65)]: 1 } },
      { ...testEvent(), occurredAt: '2026-11-23' },
      'not an event',
    ]
    const before = (await published()).length
    const res = await post({ events: [good[0], ...bad, good[1]] })
    expect(res.status).toBe(200)
    const body = (await res.json()) as { accepted: number; rejected: { index: number; eventId?: string; code: string; message: string }[] }
    expect(body.accepted).toBe(2)
    expect(body.rejected.map((r) => r.index)).toEqual([1, 2, 3, 4, 5, 6, 7, 8])
    expect(body.rejected.every((r) => r.code === 'INVALID_EVENT')).toBe(true)
    expect(body.rejected[0]).toMatchObject({ eventId: (bad[0] as { eventId: string }).eventId })
    expect(body.rejected[0]!.message).toContain('triggerType must be one of PAGE_VIEW')
    expect(body.rejected[1]!.message).toBe(
      'occurredAt must be an ISO-8601 date-time with a time zone, e.g. 2025-11-28T10:00:00Z, from 1970-01-01T00:00:00Z to 9999-12-31T23:59:59.999Z',
    )
    expect(body.rejected[2]!.message).toContain('eventId is required')
    expect(body.rejected[3]!.message).toContain('activityId must be a whole number or null')
    expect(body.rejected[4]!.message).toContain('secret is not an accepted field')
    expect(body.rejected[5]!.message).toContain(`properties/${'k'.repeat(65)} is not an accepted field`)
    expect((await published()).slice(before).map((o) => o.event.eventId)).toEqual(good.map((e) => e.eventId))
  })

  test('refuses, each with its reason, an occurredAt no store can hold or outside the window around receipt', async () => {
    const hour = 3_600_000
    const good = [testEvent({ occurredAt: new Date(Date.now() - 719 * hour).toISOString() }), testEvent({ occurredAt: new Date(Date.now() + 0.9 * hour).toISOString() })]
    const bad = [
      // year 10000 in UTC: stalled the sink's rollup insert; years 0000/0001 were stored as 0000-00-00 and 2001
      testEvent({ occurredAt: '9999-12-31T23:59:59-01:00' }),
      testEvent({ occurredAt: '0000-01-01T00:00:00Z' }),
      testEvent({ occurredAt: '0001-06-01T00:00:00Z' }),
      testEvent({ occurredAt: new Date(Date.now() - 721 * hour).toISOString() }),
      testEvent({ occurredAt: '2000-01-01T00:00:00Z' }),
      testEvent({ occurredAt: new Date(Date.now() + 1.1 * hour).toISOString() }),
      testEvent({ occurredAt: '9999-12-31T23:59:59Z' }),
    ]
    const before = (await published()).length
    const body = (await (await post({ events: [...bad, ...good] })).json()) as { accepted: number; rejected: { index: number; code: string; message: string }[] }
    expect(body.accepted).toBe(2)
    expect(body.rejected.map((r) => [r.index, r.code])).toEqual([
      [0, 'INVALID_EVENT'],
      [1, 'INVALID_EVENT'],
      [2, 'INVALID_EVENT'],
      [3, 'OCCURRED_AT_OUT_OF_WINDOW'],
      [4, 'OCCURRED_AT_OUT_OF_WINDOW'],
      [5, 'OCCURRED_AT_OUT_OF_WINDOW'],
      [6, 'OCCURRED_AT_OUT_OF_WINDOW'],
    ])
    expect(body.rejected[0]!.message).toContain('from 1970-01-01T00:00:00Z to 9999-12-31T23:59:59.999Z')
    expect(body.rejected[3]!.message).toBe('occurredAt is more than 720 hours before the event was received')
    expect(body.rejected[5]!.message).toBe("occurredAt is more than 3600 seconds after the event was received: check the client's clock")
    expect((await published()).slice(before).map((o) => o.event.eventId)).toEqual(good.map((e) => e.eventId))
  })

  test("refuses events that claim to be the backend's: its event ids and a source other than the tracker", async () => {
    const good = [testEvent(), testEvent({ properties: { note: 'no source' } })]
    const forged = [
      testEvent({ triggerType: 'PURCHASE', eventId: 'backend:purchase-ORD-20261123-abc', properties: { source: 'tracker', amount: 1 } }),
      testEvent({ triggerType: 'PURCHASE', properties: { source: 'backend', amount: 1, orderId: 'ORD-20261123-abc' } }),
      testEvent({ properties: { source: 'admin' } }),
    ]
    const before = (await published()).length
    const body = (await (await post({ events: [...forged, ...good] })).json()) as { accepted: number; rejected: { index: number; code: string; message: string }[] }
    expect(body.accepted).toBe(2)
    expect(body.rejected.map((r) => [r.index, r.code])).toEqual([
      [0, 'RESERVED_FOR_BACKEND'],
      [1, 'RESERVED_FOR_BACKEND'],
      [2, 'RESERVED_FOR_BACKEND'],
    ])
    expect(body.rejected[0]!.message).toContain('eventId must not start with "backend:"')
    expect(body.rejected[1]!.message).toContain('properties.source must be "tracker"')
    expect((await published()).slice(before).map((o) => o.event.eventId)).toEqual(good.map((e) => e.eventId))
  })

  test.each([
    ['not JSON', '{"events": [', 400, 'MALFORMED_BODY'],
    ['an empty body', '', 400, 'INVALID_BATCH'],
    ['no events array', { event: {} }, 400, 'INVALID_BATCH'],
    ['a bare array', [testEvent()], 400, 'INVALID_BATCH'],
    ['more than 500 events', { events: Array.from({ length: 501 }, () => testEvent()) }, 413, 'BATCH_TOO_LARGE'],
    ['a body over 256 KB', { events: [testEvent({ pageUrl: 'x'.repeat(300_000) })] }, 413, 'BODY_TOO_LARGE'],
    // 100,000 characters, 300,000 bytes: the limit is in bytes
    ['a body over 256 KB in fewer characters', { events: [testEvent({ properties: { note: '한'.repeat(100_000) } })] }, 413, 'BODY_TOO_LARGE'],
  ])('refuses %s with a clear error and publishes nothing', async (_, body, status, code) => {
    const before = (await published()).length
    const res = await post(body)
    expect(res.status).toBe(status)
    const answer = (await res.json()) as { code: string; message: string }
    expect(answer.code).toBe(code)
    expect(answer.message.length).toBeGreaterThan(10)
    expect((await published()).length).toBe(before)
  })

  test('a body sent without a length (chunked) is refused once it passes the limit, and nothing is published', async () => {
    const before = (await published()).length
    const chunk = new TextEncoder().encode(JSON.stringify({ events: [testEvent()] }).padEnd(64 * 1024, ' '))
    let sent = 0
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        // 5 chunks of 64 KB: 320 KB, past the 256 KB limit
        if (sent++ < 5) controller.enqueue(chunk)
        else controller.close()
      },
    })
    const res = await fetch(`${gateway.url}/collect`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body })
    expect(res.status).toBe(413)
    expect(((await res.json()) as { code: string }).code).toBe('BODY_TOO_LARGE')
    expect((await published()).length).toBe(before)
  })

  test('lets a configured storefront read its answers (CORS) and preflight', async () => {
    const origin = 'https://shop.example.com'
    const res = await post({ events: [testEvent()] }, { origin })
    expect(res.headers.get('access-control-allow-origin')).toBe(origin)
    const refused = await post('{', { origin })
    expect(refused.status).toBe(400)
    expect(refused.headers.get('access-control-allow-origin')).toBe(origin)
    const preflight = await fetch(`${gateway.url}/collect`, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    })
    expect(preflight.status).toBe(204)
    expect(preflight.headers.get('access-control-allow-methods')).toContain('POST')
  })

  test('gives other origins no CORS grant', async () => {
    const res = await post({ events: [testEvent()] }, { origin: 'https://evil.example.net' })
    expect(res.headers.get('access-control-allow-origin')).toBeNull()
  })

  test('limits a client that sends too fast with 429 and a retry hint, keeping what it accepted', async () => {
    const before = (await published(limited.eventTopic)).length
    const answers = await Promise.all(Array.from({ length: 8 }, () => post({ events: [testEvent()] }, {}, limited)))
    const statuses = answers.map((r) => r.status)
    expect(statuses.filter((s) => s === 200).length).toBe(4)
    expect(statuses.filter((s) => s === 429).length).toBe(4)
    const refused = (await answers.find((r) => r.status === 429)!.json()) as { code: string; retryAfterSeconds: number }
    expect(refused).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: 1 })
    expect((await published(limited.eventTopic)).length - before).toBe(4)
  })

  test('behind our proxy, limits a client by the address the proxy appended, however it rotates X-Forwarded-For (was 0 × 429)', async () => {
    // what our proxy sends on: the client's own header, then the address the proxy saw
    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, i) => post({ events: [testEvent()] }, { 'x-forwarded-for': `10.9.${i}.${i}, 198.51.100.7` }, behindProxy)),
    )
    expect(answers.map((r) => r.status).filter((s) => s === 429).length).toBe(4)
    const other = await post({ events: [testEvent()] }, { 'x-forwarded-for': '10.9.0.0, 198.51.100.8' }, behindProxy)
    expect(other.status).toBe(200)
  })

  test('with no proxy configured, X-Forwarded-For is ignored: a client cannot mint addresses', async () => {
    const answers = await Promise.all(Array.from({ length: 8 }, (_, i) => post({ events: [testEvent()] }, { 'x-forwarded-for': `10.8.${i}.${i}` }, limited)))
    expect(answers.map((r) => r.status).filter((s) => s === 429).length).toBeGreaterThanOrEqual(4)
  })
})
