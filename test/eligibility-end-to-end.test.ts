/**
 * Eligibility across gateway and core: the gateway asks core once per shopper and activity on a
 * cache miss, caches the verdict in Redis, and a shopper who fails a rule moves no stock. A profile
 * change or a purchase counts from the shopper's next attempt, even one already in flight.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { activityKeys } from '../common/redis/keys'
import { activitySnapshot } from './support/activity-state'
import { startTestCommandWorkers } from './support/commands'
import { closeCoreTestClients, freshUserIds, testCoreApp } from './support/core-app'
import { startTestGateway } from './support/gateway'

const core = testCoreApp()
let eligibilityCalls = 0
/** set by a test: the next verdict core judges is held back until `release` resolves */
let holdNextVerdict: { judged: () => void; release: Promise<void> } | undefined
// the real core app, behind a front that counts the verdict requests reaching it
const coreServer = Bun.serve({
  port: 0,
  async fetch(request) {
    if (!new URL(request.url).pathname.startsWith('/internal/eligibility/')) return core.app.handle(request)
    eligibilityCalls++
    const response = await core.app.handle(request)
    const hold = holdNextVerdict
    holdNextVerdict = undefined
    if (hold) {
      hold.judged()
      await hold.release
    }
    return response
  },
})
const workers = startTestCommandWorkers(core.redis)
const gateway = startTestGateway({ redis: core.redis, coreUrl: `http://127.0.0.1:${coreServer.port}`, commandOutbox: workers.topic })

beforeAll(() => workers.ready())
afterAll(async () => {
  await workers.stop()
  await gateway.stop()
  coreServer.stop(true)
  await closeCoreTestClients()
})

async function reserve(activityId: number, userId: number) {
  const res = await gateway.reserve(activityId, userId)
  const body = (await res.json()) as { status?: string; code?: string; message?: string; reason?: string }
  return { status: res.status, outcome: body.status ?? body.code, message: body.message, reason: body.reason }
}

describe('an activity for GOLD and VIP members only', async () => {
  const { activity } = await core.openActivity({ limit: 5, rules: { memberGrades: ['GOLD', 'VIP'] } })
  const [bronze, gold, newcomer] = freshUserIds(3) as [number, number, number]
  await core.call('PUT', `/api/v1/admin/users/${bronze}`, { grade: 'BRONZE' })
  await core.call('PUT', `/api/v1/admin/users/${gold}`, { grade: 'GOLD' })

  test('a BRONZE shopper gets NOT_ELIGIBLE with the reason, and no stock moves', async () => {
    const before = await activitySnapshot(core.redis, activity.id)
    const calls = eligibilityCalls
    const answer = await reserve(activity.id, bronze)
    expect(answer).toMatchObject({ status: 403, outcome: 'NOT_ELIGIBLE', reason: 'GRADE_NOT_ELIGIBLE' })
    expect(answer.message).toBe(`you are not eligible for activity ${activity.id}: this offer is for GOLD or VIP members only`)
    expect(eligibilityCalls).toBe(calls + 1)
    expect(await activitySnapshot(core.redis, activity.id)).toEqual(before)
  })

  test('the verdict is cached: a second attempt does not reach core', async () => {
    const calls = eligibilityCalls
    expect((await reserve(activity.id, bronze)).outcome).toBe('NOT_ELIGIBLE')
    expect(eligibilityCalls).toBe(calls)
    expect(await core.redis.ttl(activityKeys(activity.id).verdict(bronze))).toBeGreaterThan(0)
  })

  test('a GOLD shopper reserves after one lookup', async () => {
    const calls = eligibilityCalls
    expect(await reserve(activity.id, gold)).toMatchObject({ status: 201, outcome: 'RESERVED' })
    expect((await reserve(activity.id, gold)).outcome).toBe('ALREADY_ENTERED')
    expect(eligibilityCalls).toBe(calls + 1)
    expect(await core.redis.get(activityKeys(activity.id).stock)).toBe('4')
  })

  test('many attempts at once by an unknown shopper share one lookup', async () => {
    const calls = eligibilityCalls
    const answers = await Promise.all(Array.from({ length: 20 }, () => reserve(activity.id, newcomer)))
    expect(answers.every((a) => a.outcome === 'NOT_ELIGIBLE')).toBe(true)
    expect(eligibilityCalls).toBe(calls + 1)
  })
})

test('an activity without rules never asks core', async () => {
  const { activity } = await core.openActivity({ limit: 3 })
  const calls = eligibilityCalls
  expect((await reserve(activity.id, freshUserIds(1)[0]!)).outcome).toBe('RESERVED')
  expect(eligibilityCalls).toBe(calls)
})

test('when core cannot be reached the shopper is told to retry and no stock moves', async () => {
  const { activity } = await core.openActivity({ limit: 3, rules: { minPastPurchases: 1 } })
  const offline = startTestGateway({ redis: core.redis, coreUrl: 'http://127.0.0.1:9' })
  const res = await offline.reserve(activity.id, freshUserIds(1)[0]!)
  await offline.stop()
  expect(res.status).toBe(503)
  expect(((await res.json()) as { code: string }).code).toBe('ELIGIBILITY_UNAVAILABLE')
  expect(await core.redis.get(activityKeys(activity.id).stock)).toBe('3')
})

describe('a changed profile counts from the next attempt', () => {
  test('a shopper refused as BRONZE and then synced as VIP reserves on the next attempt', async () => {
    const { activity } = await core.openActivity({ limit: 5, rules: { memberGrades: ['GOLD', 'VIP'] } })
    const [shopper] = freshUserIds(1) as [number]
    await core.call('PUT', `/api/v1/admin/users/${shopper}`, { grade: 'BRONZE' })
    expect(await reserve(activity.id, shopper)).toMatchObject({ status: 403, reason: 'GRADE_NOT_ELIGIBLE' })
    expect((await core.call('PUT', `/api/v1/admin/users/${shopper}`, { grade: 'VIP' })).status).toBe(200)
    expect(await reserve(activity.id, shopper)).toMatchObject({ status: 201, outcome: 'RESERVED' })
  })

  test('a purchase that lifts pastPurchases over minPastPurchases counts on the next attempt', async () => {
    const { activity: returning } = await core.openActivity({ limit: 5, rules: { minPastPurchases: 1 } })
    const { activity: open } = await core.openActivity({ limit: 5 })
    const [shopper] = freshUserIds(1) as [number]
    expect(await reserve(returning.id, shopper)).toMatchObject({ status: 403, reason: 'TOO_FEW_PAST_PURCHASES' })

    const held = (await (await gateway.reserve(open.id, shopper)).json()) as { token: string }
    expect((await gateway.confirm(held.token, shopper)).status).toBe(200)
    await workers.applied()

    expect(await reserve(returning.id, shopper)).toMatchObject({ status: 201, outcome: 'RESERVED' })
  })

  test('a verdict core judged before a profile change is not cached after it: the attempt in flight sees the change', async () => {
    const { activity } = await core.openActivity({ limit: 5, rules: { memberGrades: ['VIP'] } })
    const [shopper] = freshUserIds(1) as [number]
    await core.call('PUT', `/api/v1/admin/users/${shopper}`, { grade: 'BRONZE' })
    let judged!: () => void
    let release!: () => void
    const verdictJudged = new Promise<void>((resolve) => (judged = resolve))
    holdNextVerdict = { judged, release: new Promise<void>((resolve) => (release = resolve)) }

    const attempt = reserve(activity.id, shopper)
    await verdictJudged // core judged BRONZE; its answer has not reached the gateway yet
    await core.call('PUT', `/api/v1/admin/users/${shopper}`, { grade: 'VIP' })
    release()
    expect(await attempt).toMatchObject({ status: 201, outcome: 'RESERVED' })
  })
})
