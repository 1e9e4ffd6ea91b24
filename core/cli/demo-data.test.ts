import { expect, test } from 'bun:test'
import { demoActivities, demoPurchaseHistory, demoShoppers } from './demo-data'

const now = new Date('2030-11-28T00:00:00Z')

test('demo shoppers cover every grade and some recent sign-ups, the same on every install', () => {
  const shoppers = demoShoppers(300, now)
  const grades = new Set(shoppers.map((s) => s.grade))
  expect([...grades].sort()).toEqual(['BRONZE', 'GOLD', 'SILVER', 'VIP'])
  expect(shoppers.some((s) => now.getTime() - s.createdAt.getTime() < 30 * 86_400_000)).toBe(true)
  expect(demoShoppers(300, now)).toEqual(shoppers)
})

test('demo purchase history is regular purchases at list price, within the past year and after sign-up', () => {
  const shoppers = demoShoppers(300, now)
  const products = [{ id: 1, name: 'a', price: 10, createdAt: now }, { id: 2, name: 'b', price: 20, createdAt: now }]
  const history = demoPurchaseHistory(shoppers, products, now)
  const signedUp = new Map(shoppers.map((s) => [s.id, s.createdAt.getTime()]))
  expect(new Set(history.map((p) => p.userId)).size).toBeGreaterThan(100)
  for (const p of history) {
    expect(p.activityId).toBeNull()
    expect(p.price).toBe(p.productId === 1 ? 10 : 20)
    expect(p.purchasedAt.getTime()).toBeLessThan(now.getTime())
    expect(p.purchasedAt.getTime()).toBeGreaterThanOrEqual(Math.max(signedUp.get(p.userId)!, now.getTime() - 365 * 86_400_000))
  }
})

test('activity 1 is open now for a week; activity 2 is for GOLD and VIP members', () => {
  const [first, second] = demoActivities(7, [1, 2], now)
  expect(first).toMatchObject({ id: 1, status: 'ACTIVE', limit: 100, rules: null })
  expect(first!.startsAt.getTime()).toBeLessThan(now.getTime())
  expect(first!.endsAt.getTime() - now.getTime()).toBe(7 * 86_400_000)
  expect(second!.rules).toEqual({ memberGrades: ['GOLD', 'VIP'] })
})
