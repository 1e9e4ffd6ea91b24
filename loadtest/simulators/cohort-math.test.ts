import { describe, expect, test } from 'bun:test'
import { acquisitionCost, cohortNumbers } from './cohort-math'

const day = 86_400_000
const first = Date.parse('2025-01-10T10:00:00Z')

describe("the ltv simulator's cohort truth", () => {
  test('day 30 is inside the 30-day window and day 31 outside; purchases before the first do not count', () => {
    const numbers = cohortNumbers(
      [{ userId: 1, first }, { userId: 2, first }],
      [
        { userId: 1, at: first - day, amount: 999 },
        { userId: 1, at: first, amount: 100 },
        { userId: 1, at: first + 30 * day + 23 * 3_600_000, amount: 50 },
        { userId: 1, at: first + 31 * day, amount: 20 },
        { userId: 2, at: first, amount: 100 },
      ],
      300,
    )
    expect(numbers).toMatchObject({
      totalCustomers: 2, ltv30d: 125, ltv90d: 135, ltvCurrent: 135, avgCAC: 150, ltvCacRatio30d: 0.83,
      repeatPurchaseRate: 50, avgPurchaseFrequency: 2, avgOrderValue: 67.5, roas: 0.9, totalRevenue: 270,
    })
    // the repurchase came 30 days and 23 hours after: not within 30 × 24 h
    expect(numbers.retention).toEqual({ mode: 'rolling', d1: 0, d7: 0, d30: 0 })
  })

  test('LTV/CAC is revenue ÷ cost, not the two rounded per-customer figures divided', () => {
    // 3 customers, 1,000 of revenue, a cost of 7: LTV 333.33 and CAC 2.33 would divide to 143.06
    const customers = [1, 2, 3].map((userId) => ({ userId, first }))
    const numbers = cohortNumbers(customers, customers.map((c) => ({ userId: c.userId, at: first, amount: c.userId === 1 ? 334 : 333 })), 7)
    expect(numbers).toMatchObject({ ltvCurrent: 333.33, avgCAC: 2.33, ltvCacRatio30d: 142.86, ltvCacRatioCurrent: 142.86 })
  })

  test('an empty cohort is zeros, and no ratio to a cost of 0', () => {
    expect(cohortNumbers([], [], 0)).toMatchObject({ totalCustomers: 0, ltv30d: 0, avgCAC: 0, ltvCacRatio30d: null, roas: null, repeatPurchaseRate: 0 })
  })

  test("an activity's cost is its own budget, else an equal share of what the campaign's budget leaves", () => {
    const activities = [{ id: 1, budget: 400 }, { id: 2, budget: null }, { id: 3, budget: null }]
    expect(acquisitionCost(1, 1_000, activities)).toBe(400)
    expect(acquisitionCost(2, 1_000, activities)).toBe(300)
    expect(acquisitionCost(2, 300, activities)).toBe(0)
  })
})
