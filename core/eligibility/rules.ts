/**
 * Eligibility rules of an activity and the one function that judges a shopper against them. The
 * verdict endpoint and the warm job both call `judgeEligibility`, so a cached verdict and a fresh
 * one can never disagree.
 */
import { Type } from '@sinclair/typebox'
import { t } from 'elysia'
import { memberGrades } from '../domain'

export const eligibilityRules = t.Object(
  {
    /** only shoppers who have never bought anything */
    newCustomersOnly: t.Optional(t.Boolean()),
    /** shoppers with at least this many purchases before now */
    minPastPurchases: t.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
    /** shoppers of one of these membership grades */
    memberGrades: t.Optional(t.Array(t.Union(memberGrades.map((g) => t.Literal(g))), { minItems: 1, uniqueItems: true })),
  },
  { additionalProperties: false },
)
export type EligibilityRules = typeof eligibilityRules.static

/** What the rules look at: the shopper's grade and how many purchases they made before now. */
export interface ShopperProfile {
  grade: string
  pastPurchases: number
}

export const ineligibleReasons = {
  notNewCustomer: 'NOT_NEW_CUSTOMER',
  tooFewPastPurchases: 'TOO_FEW_PAST_PURCHASES',
  gradeNotEligible: 'GRADE_NOT_ELIGIBLE',
} as const
export type IneligibleReason = (typeof ineligibleReasons)[keyof typeof ineligibleReasons]

/** `reason` is for programs, `message` for the shopper (the gateway shows it as it is). */
export type Verdict = { eligible: true } | { eligible: false; reason: IneligibleReason; message: string }

/** A shopper core has never seen is a new BRONZE customer (the storefront syncs profiles later). */
export const unknownShopper: ShopperProfile = { grade: 'BRONZE', pastPurchases: 0 }

/** True when the rules restrict anyone at all; `{}` means "everyone", like no rules. */
export function hasRules(rules: EligibilityRules | null | undefined): rules is EligibilityRules {
  return !!rules && (rules.newCustomersOnly === true || (rules.minPastPurchases ?? 0) > 0 || rules.memberGrades !== undefined)
}

/** Judges in the rules' declared order and names the first one the shopper fails. */
export function judgeEligibility(rules: EligibilityRules | null, shopper: ShopperProfile): Verdict {
  if (!hasRules(rules)) return { eligible: true }
  if (rules.newCustomersOnly && shopper.pastPurchases > 0)
    return { eligible: false, reason: ineligibleReasons.notNewCustomer, message: 'this offer is for new customers only' }
  const needed = rules.minPastPurchases ?? 0
  if (shopper.pastPurchases < needed)
    return {
      eligible: false,
      reason: ineligibleReasons.tooFewPastPurchases,
      message: `this offer needs at least ${needed} earlier purchase${needed === 1 ? '' : 's'}; you have ${shopper.pastPurchases}`,
    }
  if (rules.memberGrades && !(rules.memberGrades as readonly string[]).includes(shopper.grade))
    return {
      eligible: false,
      reason: ineligibleReasons.gradeNotEligible,
      message: `this offer is for ${rules.memberGrades.join(' or ')} members only`,
    }
  return { eligible: true }
}
