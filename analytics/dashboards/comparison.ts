/**
 * Promotion against normal sales of the campaign's products: per calendar day of the period in
 * the shop's time zone, promotion purchases (count, revenue = Σ price × quantity) and normal
 * purchases (campaign_activity_id NULL) of the same products; the baseline is the daily average
 * of those normal purchases over the 28 days before the campaign's first activity started.
 */
import { t } from 'elysia'
import { config } from '../../common/config'
import { normalTotals, purchasesPerQuarterHour, type QuarterHourPurchases } from '../reporting/purchases'
import type { TimeRange } from '../store/port'
import type { DashboardDeps } from './deps'
import { answer, rangeParams } from './answer'
import { round } from './numbers'
import { entityId, parseParams } from './params'
import { periodParams, resolvePeriod, shopDay, shopDays } from './period'
import { campaignTarget, type Target } from './target'

export interface ComparisonDay {
  date: string
  promotionPurchases: number
  promotionRevenue: number
  normalPurchases: number
  normalRevenue: number
}

export interface Comparison {
  days: ComparisonDay[]
  baseline: { dailyPurchases: number; dailyRevenue: number; from: string | null; to: string | null }
}

export const baselineDays = 28
const dayMs = 24 * 3_600_000

function perShopDay(quarters: readonly QuarterHourPurchases[], timeZone: string) {
  const days = new Map<string, { purchases: number; revenue: number }>()
  for (const { start, purchases, revenue } of quarters) {
    const day = shopDay(start, timeZone)
    const sum = days.get(day) ?? { purchases: 0, revenue: 0 }
    days.set(day, { purchases: sum.purchases + purchases, revenue: sum.revenue + revenue })
  }
  return days
}

async function baseline(deps: DashboardDeps, target: Target, productIds: number[]): Promise<Comparison['baseline']> {
  const firstStart = Math.min(...target.activities.map((a) => a.startsAt.getTime()))
  if (!Number.isFinite(firstStart)) return { dailyPurchases: 0, dailyRevenue: 0, from: null, to: null }
  const range = { from: new Date(firstStart - baselineDays * dayMs), to: new Date(firstStart) }
  const normal = await normalTotals(deps.reporting, productIds, range)
  return {
    dailyPurchases: round(normal.purchases / baselineDays),
    dailyRevenue: round(normal.revenue / baselineDays),
    from: range.from.toISOString(),
    to: range.to.toISOString(),
  }
}

export async function comparisonOf(deps: DashboardDeps, target: Target, range: TimeRange, timeZone = config.shopTimeZone): Promise<Comparison> {
  const productIds = [...new Set(target.activities.map((a) => a.productId))]
  const [promotion, normal, base] = await Promise.all([
    purchasesPerQuarterHour(deps.reporting, { promotionOf: target.activityIds }, range),
    purchasesPerQuarterHour(deps.reporting, { normalOf: productIds }, range),
    baseline(deps, target, productIds),
  ])
  const promotionDays = perShopDay(promotion, timeZone)
  const normalDays = perShopDay(normal, timeZone)
  const days = shopDays(range, timeZone).map((date) => ({
    date,
    promotionPurchases: promotionDays.get(date)?.purchases ?? 0,
    promotionRevenue: round(promotionDays.get(date)?.revenue ?? 0),
    normalPurchases: normalDays.get(date)?.purchases ?? 0,
    normalRevenue: round(normalDays.get(date)?.revenue ?? 0),
  }))
  return { days, baseline: base }
}

export const promotionComparisonParams = t.Object({ campaignId: entityId('the campaign'), ...periodParams })

export async function promotionComparison(deps: DashboardDeps, params: typeof promotionComparisonParams.static) {
  const { campaignId, ...query } = parseParams(promotionComparisonParams, params)
  const period = resolvePeriod(query)
  const target = await campaignTarget(deps.reporting, campaignId)
  const result = await answer(deps, { widget: 'comparison', params: { campaignId, ...rangeParams(period) }, closed: period.closed }, () =>
    comparisonOf(deps, target, period),
  )
  return { campaignId, period: period.name, startDate: period.from.toISOString(), endDate: period.to.toISOString(), ...result.value, calculatedAt: result.calculatedAt }
}
