import { afterAll, expect, test } from 'bun:test'
import { activityKeys } from '../../common/redis/keys'
import { closeTestClients } from '../../test/support/clients'
import { freshUserIds, testCoreApp } from '../../test/support/core-app'
import { insertPurchasesIgnoringKnown } from '../repositories/purchases'
import { warmEligibilityVerdicts } from './warm-eligibility'

const { call, openActivity, pool, redis } = testCoreApp()
afterAll(closeTestClients)

// The job looks at every activity and shopper in the database. Running it 70 years ahead keeps
// other files' data out, and moving with the clock puts this run after every earlier run's data.
const now = new Date(Date.now() + 70 * 365 * 86_400_000)
const at = (minutes: number) => new Date(now.getTime() + minutes * 60_000).toISOString()
const daysAgo = (days: number) => new Date(now.getTime() - days * 86_400_000)

// Profiles are synced before the activities open: a sync marks the shopper's verdicts of the
// activities already there for re-check, and the warm job leaves marks alone (tested below).
const profile = (id: number, grade: string, signedUp: Date) => call('PUT', `/api/v1/admin/users/${id}`, { grade, createdAt: signedUp.toISOString() })

const purchases = (id: number, purchasedDaysAgo: number[], productId: number) =>
  insertPurchasesIgnoringKnown(
    pool,
    purchasedDaysAgo.map((days, i) => ({ orderId: `warm-${id}-${i}`, activityId: null, userId: id, productId, price: 10, purchasedAt: daysAgo(days) })),
  )

test('the warm job writes correct verdicts for likely shoppers of activities about to open', async () => {
  const [goldBuyer, newcomer, lapsed] = freshUserIds(3) as [number, number, number]
  await profile(goldBuyer, 'GOLD', daysAgo(400))
  await profile(newcomer, 'BRONZE', daysAgo(2))
  await profile(lapsed, 'VIP', daysAgo(900))
  const soon = await openActivity({ startsAt: at(10), endsAt: at(600), rules: { memberGrades: ['GOLD', 'VIP'] } })
  const productId = soon.product.id
  const running = await openActivity({ startsAt: at(-60), endsAt: at(600), rules: { newCustomersOnly: true } })
  const later = await openActivity({ startsAt: at(120), endsAt: at(600), rules: { memberGrades: ['GOLD'] } })
  const paused = await openActivity({ startsAt: at(5), endsAt: at(600), status: 'PAUSED', rules: { memberGrades: ['GOLD'] } })
  const everyone = await openActivity({ startsAt: at(5), endsAt: at(600) })

  await purchases(goldBuyer, [3, 200], productId)
  await purchases(lapsed, [500], productId)

  await warmEligibilityVerdicts(pool, redis, { leadMinutes: 30, verdictTtlSeconds: 600, maxShoppers: 10_000, now })

  const verdict = (activityId: number, userId: number) => redis.get(activityKeys(activityId).verdict(userId))
  expect(await verdict(soon.activity.id, goldBuyer)).toBe('1')
  expect(await verdict(soon.activity.id, newcomer)).toBe('0:GRADE_NOT_ELIGIBLE:this offer is for GOLD or VIP members only')
  expect(await verdict(running.activity.id, goldBuyer)).toBe('0:NOT_NEW_CUSTOMER:this offer is for new customers only')
  expect(await verdict(running.activity.id, newcomer)).toBe('1')
  // a shopper not seen for over a year is judged on demand instead
  expect(await verdict(soon.activity.id, lapsed)).toBeNull()
  for (const skipped of [later, paused, everyone]) expect(await verdict(skipped.activity.id, goldBuyer)).toBeNull()

  // until the opening plus the verdict TTL: 10 min + 600 s for the one opening soon, 600 s for the open one
  const ttlSoon = await redis.ttl(activityKeys(soon.activity.id).verdict(goldBuyer))
  expect(ttlSoon).toBeGreaterThan(1190)
  expect(ttlSoon).toBeLessThanOrEqual(1200)
  const ttlRunning = await redis.ttl(activityKeys(running.activity.id).verdict(newcomer))
  expect(ttlRunning).toBeGreaterThan(590)
  expect(ttlRunning).toBeLessThanOrEqual(600)
})

test('at most maxShoppers verdicts per activity, most recently active first', async () => {
  const later = new Date(now.getTime() + 365 * 86_400_000)
  const [older, newer] = freshUserIds(2) as [number, number]
  await profile(older, 'BRONZE', new Date(later.getTime() - 5 * 86_400_000))
  await profile(newer, 'BRONZE', new Date(later.getTime() - 86_400_000))
  const soon = await openActivity({
    startsAt: new Date(later.getTime() + 60_000).toISOString(),
    endsAt: new Date(later.getTime() + 3_600_000).toISOString(),
    rules: { minPastPurchases: 1 },
  })

  await warmEligibilityVerdicts(pool, redis, { leadMinutes: 30, verdictTtlSeconds: 60, maxShoppers: 1, now: later })
  expect(await redis.get(activityKeys(soon.activity.id).verdict(newer))).toBe('0:TOO_FEW_PAST_PURCHASES:this offer needs at least 1 earlier purchase; you have 0')
  expect(await redis.get(activityKeys(soon.activity.id).verdict(older))).toBeNull()
})

test('the warm job never overwrites a cached verdict or a re-check mark', async () => {
  const later = new Date(now.getTime() + 2 * 365 * 86_400_000)
  const [marked, cached] = freshUserIds(2) as [number, number]
  await profile(marked, 'GOLD', new Date(later.getTime() - 86_400_000))
  await profile(cached, 'GOLD', new Date(later.getTime() - 86_400_000))
  const soon = await openActivity({
    startsAt: new Date(later.getTime() + 60_000).toISOString(),
    endsAt: new Date(later.getTime() + 3_600_000).toISOString(),
    rules: { memberGrades: ['GOLD'] },
  })
  const keys = activityKeys(soon.activity.id)
  // a mark: this shopper's profile changed after the run read it; a verdict: a gateway cached it
  await redis.set(keys.verdict(marked), '?:a-change-the-run-did-not-see', 'EX', 60)
  await redis.set(keys.verdict(cached), '0:GRADE_NOT_ELIGIBLE:as judged a moment ago', 'EX', 60)

  await warmEligibilityVerdicts(pool, redis, { leadMinutes: 30, verdictTtlSeconds: 600, maxShoppers: 10_000, now: later })
  expect(await redis.get(keys.verdict(marked))).toBe('?:a-change-the-run-did-not-see')
  expect(await redis.get(keys.verdict(cached))).toBe('0:GRADE_NOT_ELIGIBLE:as judged a moment ago')
})
