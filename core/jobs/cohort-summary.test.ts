import { describe, expect, test } from 'bun:test'
import { summariseCustomer, type CustomerPurchase } from './cohort-summary'

const zone = 'Asia/Seoul'
// 2025-01-10 23:30 in Seoul (UTC+9)
const first = Date.parse('2025-01-10T14:30:00Z')
const day = 86_400_000
let nextId = 1
const at = (offsetMs: number, activityId: number | null, cents: number): CustomerPurchase => ({
  id: nextId++,
  activityId,
  purchasedAt: new Date(first + offsetMs),
  cents,
})

describe('one customer\'s cohort summary', () => {
  test('counts from the first purchase in the activity on, with day 30 inside the 30-day window and day 31 outside', () => {
    const purchases = [
      at(-5 * day, null, 999_00), // before the first: not counted
      at(0, 7, 100_00),
      at(30 * day + day - 1, null, 10_00), // floor = 30: in
      at(31 * day, 7, 20_00), // floor = 31: out of 30, in 90
      at(365 * day, null, 40_00),
      at(366 * day, null, 80_00),
    ]
    const [summary] = summariseCustomer(42, purchases.reverse(), zone)
    expect(summary).toMatchObject({
      activityId: 7,
      userId: 42,
      firstPurchaseAt: new Date(first),
      acquisitionDay: '2025-01-10',
      purchases: 5,
      cents: 250_00,
      windowCents: [110_00, 130_00, 170_00],
      nextPurchaseAt: new Date(first + 31 * day - 1),
      // 30 days 23:59:59.999 after 23:30 on the 10th is 23:29:59.999 on Feb 10th: 31 calendar days
      nextPurchaseCalendarDays: 31,
    })
    expect(summary!.repurchaseDays).toEqual({ R: [30, 31, 365, 366], C: [31, 365, 366] })
  })

  test('a repurchase 40 minutes later is rolling offset 0 but the next calendar day in the shop\'s zone', () => {
    const [summary] = summariseCustomer(1, [at(0, 3, 1_00), at(40 * 60_000, null, 2_00)], zone)
    expect(summary!.repurchaseDays).toEqual({ R: [], C: [1] })
    expect(summary!.nextPurchaseCalendarDays).toBe(1)
  })

  test('one summary per activity bought in, each from its own first purchase; none without a promotion purchase', () => {
    const purchases = [at(0, 1, 10_00), at(day, 2, 20_00), at(2 * day, 1, 40_00)]
    const summaries = summariseCustomer(5, purchases, zone)
    expect(summaries.map((s) => [s.activityId, s.purchases, s.cents])).toEqual([
      [1, 3, 70_00],
      [2, 2, 60_00],
    ])
    expect(summariseCustomer(5, [at(0, null, 10_00)], zone)).toEqual([])
  })

  test('a purchase at the first one\'s very instant is another purchase on day 0', () => {
    const [summary] = summariseCustomer(9, [at(0, null, 5_00), at(0, 4, 10_00)], zone)
    expect(summary).toMatchObject({ purchases: 2, cents: 15_00, nextPurchaseAt: new Date(first), nextPurchaseCalendarDays: 0 })
    expect(summary!.repurchaseDays).toEqual({ R: [], C: [] })
  })
})
