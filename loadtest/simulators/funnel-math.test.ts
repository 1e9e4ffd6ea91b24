import { describe, expect, test } from 'bun:test'
import { funnel, percentile, shopDay, timeToConvert } from './funnel-math'

describe('the ground truth arithmetic', () => {
  test('funnel rates are of the previous step to 1 decimal, overall of visits to 2, and 0 after an empty step', () => {
    expect(funnel({ VISIT: 3, CLICK: 2, APPROVED: 0, PURCHASE: 0 })).toEqual({
      steps: [
        { name: 'VISIT', value: 3, rate: 100 },
        { name: 'CLICK', value: 2, rate: 66.7 },
        { name: 'APPROVED', value: 0, rate: 0 },
        { name: 'PURCHASE', value: 0, rate: 0 },
      ],
      overallRate: 0,
    })
    expect(funnel({ VISIT: 7, CLICK: 5, APPROVED: 3, PURCHASE: 2 }).overallRate).toBe(28.57)
  })

  test('nearest-rank percentiles are observed values', () => {
    const gaps = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
    expect(percentile(gaps, 50)).toBe(5)
    expect(percentile(gaps, 95)).toBe(10)
    expect(percentile([4], 95)).toBe(4)
    expect(percentile([], 50)).toBe(0)
  })

  test('time to convert counts only people who reached both steps, and no negative gap', () => {
    const [visitToClick, clickToApproved, approvedToPurchase] = timeToConvert([
      { VISIT: 0, CLICK: 10_000, APPROVED: 70_000, PURCHASE: 71_000 },
      { VISIT: 0, CLICK: 30_000 },
      { CLICK: 5_000, APPROVED: 4_000 },
    ])
    expect(visitToClick).toEqual({ from: 'VISIT', to: 'CLICK', people: 2, p50Seconds: 10, p95Seconds: 30 })
    expect(clickToApproved).toEqual({ from: 'CLICK', to: 'APPROVED', people: 1, p50Seconds: 60, p95Seconds: 60 })
    expect(approvedToPurchase!.people).toBe(1)
  })

  test("a purchase's day is the shop's calendar day, not UTC's", () => {
    expect(shopDay(Date.parse('2026-12-01T15:30:00Z'), 'Asia/Seoul')).toBe('2026-12-02')
    expect(shopDay(Date.parse('2026-12-01T14:59:59Z'), 'Asia/Seoul')).toBe('2026-12-01')
  })
})
