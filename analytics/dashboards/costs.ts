/**
 * Acquisition cost per activity of a campaign (acquisition-cost.ts, the cohort's definition too). CAC = cost ÷
 * customers (distinct promotion purchasers), ROAS = revenue ÷ cost; null when nothing to divide by.
 * A budget is not prorated over a period: the period only narrows the purchases.
 */
import { t } from 'elysia'
import type { ReportedCampaign } from '../reporting/activities'
import { promotionTotals, promotionTotalsByActivity, type PurchaseTotals } from '../reporting/purchases'
import type { TimeRange } from '../store/port'
import { acquisitionCosts } from './acquisition-cost'
import { answer, isClosed, rangeParams } from './answer'
import type { DashboardDeps } from './deps'
import { ratio, round } from './numbers'
import { dashboardDate, entityId, parseParams } from './params'
import { optionalRange } from './period'
import { campaignTarget, type Target } from './target'

export const activityCostsParams = t.Object({
  campaignId: entityId('the campaign'),
  startDate: t.Optional(dashboardDate('start of the period of purchases (default: all time)')),
  endDate: t.Optional(dashboardDate('end of the period, inclusive of its whole day when a date alone')),
})

interface Efficiency {
  cost: number
  revenue: number
  purchases: number
  customers: number
  cac: number | null
  roas: number | null
}

export interface Costs {
  campaignBudget: number
  activities: Array<{ activityId: number; activityName: string; ownBudget: number | null } & Efficiency>
  total: Efficiency
}

function efficiency(cost: number, totals: PurchaseTotals | undefined): Efficiency {
  const { purchases = 0, revenue = 0, customers = 0 } = totals ?? {}
  return { cost: round(cost), revenue: round(revenue), purchases, customers, cac: ratio(cost, customers), roas: ratio(revenue, cost) }
}

export async function costsOf(deps: DashboardDeps, target: Target & { campaign: ReportedCampaign }, range?: TimeRange): Promise<Costs> {
  const [byActivity, total] = await Promise.all([
    promotionTotalsByActivity(deps.reporting, target.activityIds, range),
    promotionTotals(deps.reporting, target.activityIds, range),
  ])
  const costs = acquisitionCosts(target.campaign.budget, target.activities)
  const activities = target.activities.map((a) => ({
    activityId: a.id,
    activityName: a.name,
    ownBudget: a.budget,
    ...efficiency(costs.get(a.id)!, byActivity.get(a.id)),
  }))
  return { campaignBudget: target.campaign.budget, activities, total: efficiency([...costs.values()].reduce((sum, cost) => sum + cost, 0), total) }
}

export async function activityCosts(deps: DashboardDeps, params: typeof activityCostsParams.static) {
  const { campaignId, startDate, endDate } = parseParams(activityCostsParams, params)
  const range = optionalRange(startDate, endDate)
  const target = await campaignTarget(deps.reporting, campaignId)
  const result = await answer(deps, { widget: 'costs', params: { campaignId, ...rangeParams(range) }, closed: isClosed(range) }, () =>
    costsOf(deps, target, range),
  )
  return { campaignId, ...rangeParams(range), ...result.value, calculatedAt: result.calculatedAt }
}
