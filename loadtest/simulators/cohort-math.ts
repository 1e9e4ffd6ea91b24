/**
 * The cohort numbers (README "Marketing numbers", seeds 001) of a cohort whose every purchase the
 * simulator made itself: the ltv simulator's ground truth. Only purchases at or after a customer's
 * first one count; a purchase is inside the N-day window when floor((t − first) / 24 h) ≤ N.
 */
import { percent, round } from './funnel-math'

const day = 86_400_000

export interface CohortPurchase {
  userId: number
  at: number
  amount: number
}

export interface CohortCustomer {
  userId: number
  /** the first purchase in the activity */
  first: number
}

/** null when the cost is 0: no ratio to a cost that was never spent */
const ratio = (value: number, cost: number) => (cost === 0 ? null : round(value / cost, 2))

export function cohortNumbers(customers: readonly CohortCustomer[], purchases: readonly CohortPurchase[], acquisitionCost: number) {
  const n = customers.length
  const firstOf = new Map(customers.map((c) => [c.userId, c.first]))
  const since = purchases.filter((p) => firstOf.has(p.userId) && p.at >= firstOf.get(p.userId)!)
  const windowRevenue = (days: number) => since.filter((p) => Math.floor((p.at - firstOf.get(p.userId)!) / day) <= days).reduce((sum, p) => sum + p.amount, 0)
  const revenue = since.reduce((sum, p) => sum + p.amount, 0)
  const perCustomer = new Map<number, number[]>()
  for (const p of since) perCustomer.set(p.userId, [...(perCustomer.get(p.userId) ?? []), p.at])
  const boughtAgainWithin = (days: number) =>
    customers.filter((c) => (perCustomer.get(c.userId) ?? []).some((at) => at > c.first && at - c.first <= days * day)).length
  const perHead = (value: number) => (n === 0 ? 0 : round(value / n, 2))
  const ltv = { ltv30d: perHead(windowRevenue(30)), ltv90d: perHead(windowRevenue(90)), ltv365d: perHead(windowRevenue(365)), ltvCurrent: perHead(revenue) }
  const avgCAC = perHead(acquisitionCost)
  const toCac = (value: number) => (n === 0 ? null : ratio(value, acquisitionCost))
  return {
    totalCustomers: n,
    totalAcquisitionCost: round(acquisitionCost, 2),
    avgCAC,
    ...ltv,
    // ltvN ÷ avgCAC = window revenue ÷ cost (the customers cancel out), as the cohort API computes it: nothing rounded twice
    ltvCacRatio30d: toCac(windowRevenue(30)),
    ltvCacRatio90d: toCac(windowRevenue(90)),
    ltvCacRatio365d: toCac(windowRevenue(365)),
    ltvCacRatioCurrent: toCac(revenue),
    repeatPurchaseRate: percent([...perCustomer.values()].filter((times) => times.length >= 2).length, n, 2),
    avgPurchaseFrequency: perHead(since.length),
    avgOrderValue: since.length === 0 ? 0 : round(revenue / since.length, 2),
    retention: { mode: 'rolling' as const, d1: percent(boughtAgainWithin(1), n, 2), d7: percent(boughtAgainWithin(7), n, 2), d30: percent(boughtAgainWithin(30), n, 2) },
    roas: ratio(revenue, acquisitionCost),
    totalRevenue: round(revenue, 2),
  }
}

/**
 * An activity's acquisition cost: its own budget when set, else an equal share of what the campaign
 * budget leaves after its activities' own budgets (never below 0).
 */
export function acquisitionCost(activityId: number, campaignBudget: number, activities: readonly { id: number; budget: number | null }[]): number {
  const own = activities.find((a) => a.id === activityId)?.budget
  if (own !== null && own !== undefined) return own
  const left = Math.max(0, campaignBudget - activities.reduce((sum, a) => sum + (a.budget ?? 0), 0))
  const sharing = activities.filter((a) => a.budget === null || a.budget === undefined).length
  return sharing === 0 ? 0 : left / sharing
}
