/**
 * The overview and the funnel of an activity or campaign, over all time or a period: visits
 * (PAGE_VIEW) and clicks from the behaviour store, approved (holds taken) and purchases (with
 * money) from MySQL (over all time: core's per-activity totals). One way to compute a funnel, whoever asks.
 */
import type { TimeRange } from '../store/port'
import type { DashboardDeps } from './deps'
import { percent } from './numbers'
import type { Target } from './target'
import { approvals } from '../reporting/reservations'
import { promotionTotals } from '../reporting/purchases'
import { allTimeTotals } from '../reporting/activity-totals'

export const funnelStepNames = ['VISIT', 'CLICK', 'APPROVED', 'PURCHASE'] as const
export type FunnelStepName = (typeof funnelStepNames)[number]

export interface Overview {
  totalVisits: number
  totalClicks: number
  /** distinct shoppers who took a hold */
  totalParticipants: number
  approvedCount: number
  purchaseCount: number
  revenue: number
  /** purchases ÷ visits × 100 */
  conversionRate: number
}

export interface Funnel {
  steps: Array<{ name: FunnelStepName; value: number; rate: number }>
  /** PURCHASE ÷ VISIT × 100 */
  overallRate: number
}

/** Steps with each one's rate of the previous (1 decimal; the first is 100). */
export function funnelSteps<N extends string>(values: ReadonlyArray<readonly [N, number]>) {
  return values.map(([name, value], i) => ({ name, value, rate: i === 0 ? 100 : percent(value, values[i - 1]![1], 1) }))
}

/** Approvals and promotion purchases: all time from the per-activity totals (one row each), a period from the rows. */
async function holdsAndPurchases(deps: DashboardDeps, activityIds: readonly number[], range?: TimeRange) {
  if (!range) {
    const totals = await allTimeTotals(deps.reporting, activityIds)
    return { approved: totals, bought: totals }
  }
  const [approved, bought] = await Promise.all([approvals(deps.reporting, activityIds, range), promotionTotals(deps.reporting, activityIds, range)])
  return { approved, bought }
}

export async function overviewAndFunnel(deps: DashboardDeps, target: Target, range?: TimeRange): Promise<{ overview: Overview; funnel: Funnel }> {
  const [counts, { approved, bought }] = await Promise.all([
    deps.store.countByTrigger(target.scope, range),
    holdsAndPurchases(deps, target.activityIds, range),
  ])
  const visits = counts.PAGE_VIEW ?? 0
  const overview: Overview = {
    totalVisits: visits,
    totalClicks: counts.CLICK ?? 0,
    totalParticipants: approved.participants,
    approvedCount: approved.approved,
    purchaseCount: bought.purchases,
    revenue: bought.revenue,
    conversionRate: percent(bought.purchases, visits),
  }
  const steps = funnelSteps<FunnelStepName>([
    ['VISIT', visits],
    ['CLICK', overview.totalClicks],
    ['APPROVED', overview.approvedCount],
    ['PURCHASE', overview.purchaseCount],
  ])
  return { overview, funnel: { steps, overallRate: percent(bought.purchases, visits) } }
}
