import { describe, expect, test } from 'bun:test'
import { judgeEligibility, unknownShopper } from './rules'

const shopper = (grade: string, pastPurchases: number) => ({ grade, pastPurchases })

describe('judgeEligibility', () => {
  test('no rules, or empty rules, let everyone in', () => {
    expect(judgeEligibility(null, shopper('BRONZE', 0))).toEqual({ eligible: true })
    expect(judgeEligibility({}, shopper('BRONZE', 9))).toEqual({ eligible: true })
  })

  test('newCustomersOnly admits only shoppers without purchases', () => {
    expect(judgeEligibility({ newCustomersOnly: true }, shopper('GOLD', 0))).toEqual({ eligible: true })
    expect(judgeEligibility({ newCustomersOnly: true }, shopper('GOLD', 1))).toEqual({ eligible: false, reason: 'NOT_NEW_CUSTOMER', message: 'this offer is for new customers only' })
  })

  test('minPastPurchases counts purchases before now', () => {
    expect(judgeEligibility({ minPastPurchases: 2 }, shopper('BRONZE', 2))).toEqual({ eligible: true })
    expect(judgeEligibility({ minPastPurchases: 2 }, shopper('BRONZE', 1))).toEqual({
      eligible: false,
      reason: 'TOO_FEW_PAST_PURCHASES',
      message: 'this offer needs at least 2 earlier purchases; you have 1',
    })
  })

  test('memberGrades admits only the listed grades', () => {
    expect(judgeEligibility({ memberGrades: ['GOLD', 'VIP'] }, shopper('VIP', 0))).toEqual({ eligible: true })
    expect(judgeEligibility({ memberGrades: ['GOLD', 'VIP'] }, shopper('SILVER', 5))).toEqual({
      eligible: false,
      reason: 'GRADE_NOT_ELIGIBLE',
      message: 'this offer is for GOLD or VIP members only',
    })
  })

  test('rules combine, and the first failing one is named', () => {
    const rules = { minPastPurchases: 1, memberGrades: ['GOLD' as const] }
    expect(judgeEligibility(rules, shopper('SILVER', 0))).toMatchObject({ eligible: false, reason: 'TOO_FEW_PAST_PURCHASES' })
    expect(judgeEligibility(rules, shopper('SILVER', 3))).toMatchObject({ eligible: false, reason: 'GRADE_NOT_ELIGIBLE' })
    expect(judgeEligibility(rules, shopper('GOLD', 3))).toEqual({ eligible: true })
  })

  test('an unknown shopper is a new BRONZE customer', () => {
    expect(judgeEligibility({ newCustomersOnly: true }, unknownShopper)).toEqual({ eligible: true })
    expect(judgeEligibility({ memberGrades: ['GOLD'] }, unknownShopper)).toMatchObject({ eligible: false, reason: 'GRADE_NOT_ELIGIBLE' })
  })
})
