import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { activityKeys } from '../../../common/redis/keys'
import { publishTestActivity, takenPlusFree } from '../../../test/support/activity-state'
import { closeTestClients, testRedis } from '../../../test/support/clients'
import { startTestGateway } from '../../../test/support/gateway'

const redis = testRedis('reservations-test')
let gateway: ReturnType<typeof startTestGateway>

beforeAll(() => {
  gateway = startTestGateway({ redis })
})
afterAll(async () => {
  await gateway.stop()
  await closeTestClients()
})

async function outcome(res: Response) {
  const body = (await res.json()) as { status?: string; code?: string }
  return { status: res.status, outcome: body.status ?? body.code }
}

function tally(results: { outcome?: string }[]) {
  const counts: Record<string, number> = {}
  for (const r of results) counts[r.outcome ?? '?'] = (counts[r.outcome ?? '?'] ?? 0) + 1
  return counts
}

describe('FCFS reservations through HTTP', () => {
  test('5,000 shoppers at once on stock 100: exactly 100 reserved, the rest sold out', async () => {
    const id = await publishTestActivity(redis, { limit: 100 })
    const results = await Promise.all(
      Array.from({ length: 5000 }, (_, i) => gateway.reserve(id, 10_000 + i).then(outcome)),
    )
    expect(tally(results)).toEqual({ RESERVED: 100, SOLD_OUT: 4900 })
    expect(results.filter((r) => r.outcome === 'RESERVED').every((r) => r.status === 201)).toBe(true)
    expect(results.filter((r) => r.outcome === 'SOLD_OUT').every((r) => r.status === 409)).toBe(true)
    expect(await redis.get(activityKeys(id).stock)).toBe('0')
    expect(await redis.zcard(activityKeys(id).holds)).toBe(100)
    expect(await redis.scard(activityKeys(id).participants)).toBe(100)
    expect(await takenPlusFree(redis, id)).toBe(100)
  })

  test('one shopper trying 50 times at once gets one hold', async () => {
    const id = await publishTestActivity(redis, { limit: 10 })
    const results = await Promise.all(Array.from({ length: 50 }, () => gateway.reserve(id, 77).then(outcome)))
    expect(tally(results)).toEqual({ RESERVED: 1, ALREADY_ENTERED: 49 })
    expect(await redis.get(activityKeys(id).stock)).toBe('9')
  })

  test('a reservation answers with a token that names its activity and an expiry in the future', async () => {
    const id = await publishTestActivity(redis, { limit: 1 })
    const res = await gateway.reserve(id, 5)
    const body = (await res.json()) as { status: string; activityId: number; token: string; expiresAt: string }
    expect(res.status).toBe(201)
    expect(body.status).toBe('RESERVED')
    expect(body.activityId).toBe(id)
    expect(body.token.startsWith(`${id}.`)).toBe(true)
    expect(Date.parse(body.expiresAt)).toBeGreaterThan(Date.now())
  })

  test('a hold never outlives its activity: expiresAt is the activity end when that comes first', async () => {
    const endsAt = Date.now() + 5_000
    const id = await publishTestActivity(redis, { limit: 1, endsAt })
    const res = await gateway.reserve(id, 6)
    expect(res.status).toBe(201)
    expect(((await res.json()) as { expiresAt: string }).expiresAt).toBe(new Date(endsAt).toISOString())
    expect(Number(await redis.zscore(activityKeys(id).holds, (await redis.hkeys(activityKeys(id).holdOwners))[0]!))).toBe(endsAt)
  })

  test.each([
    ['not started yet', { startsAt: Date.now() + 60_000 }, 409, 'NOT_OPEN'],
    ['a draft', { status: 'DRAFT' as const }, 409, 'NOT_OPEN'],
    ['paused', { status: 'PAUSED' as const }, 409, 'NOT_OPEN'],
    ['past its end', { startsAt: Date.now() - 7_200_000, endsAt: Date.now() - 1 }, 410, 'CLOSED'],
    ['ended', { status: 'ENDED' as const }, 410, 'CLOSED'],
  ])('an activity %s refuses entries and keeps its stock', async (_, window, status, code) => {
    const id = await publishTestActivity(redis, { limit: 5, ...window })
    expect(await outcome(await gateway.reserve(id, 1))).toEqual({ status, outcome: code })
    expect(await redis.get(activityKeys(id).stock)).toBe('5')
    expect(await redis.scard(activityKeys(id).participants)).toBe(0)
  })

  test('an activity that was never published is UNKNOWN_ACTIVITY', async () => {
    expect(await outcome(await gateway.reserve(999_999_999_999, 1))).toEqual({ status: 404, outcome: 'UNKNOWN_ACTIVITY' })
  })
})
