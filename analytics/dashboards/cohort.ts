/**
 * cohortAnalysis: the LTV, CAC, repeat purchases, retention and ROAS of an activity's cohort (the
 * customers whose first purchase in it falls in the period), as README "Marketing numbers" defines
 * them. It reads core's per-customer summaries (one row per customer, kept by core's cohort job),
 * so its numbers are those of the job's last run; cached for AXON_COHORT_CACHE_SECONDS.
 */
import { t } from 'elysia'
import { config } from '../../common/config'
import { AppError } from '../../common/errors'
import { shopDay } from '../../common/shop-days'
import type { AnalyticsDeps } from '../app'
import {
  acquisitionCost,
  cohortTotals,
  findCohortActivity,
  repurchasersByDayOffset,
  type CohortActivity,
  type CohortTotals,
  type RetentionMode,
} from '../reporting/cohort'
import { cacheKey, lookAside } from './cache'
import { dashboardDate, entityId, parseParams } from './params'
import { customRange } from './period'
import { percent, retention, retentionMatrix, round2, type Retention, type RetentionRow } from './retention'

export const cohortParams = t.Object({
  activityId: entityId('the activity whose first purchasers form the cohort'),
  startDate: dashboardDate('customers whose first purchase in the activity is at or after this (a date alone: its UTC midnight)'),
  endDate: dashboardDate('… and before this (a date alone: to the end of its UTC day)'),
  retention: t.Optional(
    t.Union([t.Literal('rolling'), t.Literal('calendar')], {
      description: 'rolling (default): within N × 24 h of the first purchase; calendar: within N shop calendar days',
    }),
  ),
})
export type CohortParams = typeof cohortParams.static

interface CohortQuestion {
  activityId: number
  from: Date
  /** exclusive */
  to: Date
  retention: RetentionMode
}

export type CohortDeps = Pick<AnalyticsDeps, 'reporting' | 'redis' | 'log'> & {
  /** the clock the matrix's elapsed days are counted on */
  now?: () => Date
  /** defaults to AXON_COHORT_CACHE_SECONDS */
  cacheSeconds?: number
}

export interface CohortAnalysis {
  cohortId: string
  cohortName: string
  cohortStartDate: string
  cohortEndDate: string
  totalCustomers: number
  totalAcquisitionCost: number
  avgCAC: number
  ltv30d: number
  ltv90d: number
  ltv365d: number
  ltvCurrent: number
  ltvCacRatio30d: number | null
  ltvCacRatio90d: number | null
  ltvCacRatio365d: number | null
  ltvCacRatioCurrent: number | null
  repeatPurchaseRate: number
  avgPurchaseFrequency: number
  avgOrderValue: number
  totalRevenue: number
  roas: number | null
  retention: Retention
  retentionMatrix: RetentionRow[]
  calculatedAt: string
}

export async function cohortAnalysis(deps: CohortDeps, params: CohortParams): Promise<CohortAnalysis> {
  const { activityId, startDate, endDate, retention = 'rolling' } = parseParams(cohortParams, params)
  const question: CohortQuestion = { activityId, ...customRange(startDate, endDate), retention }
  const activity = await findCohortActivity(deps.reporting, question.activityId)
  if (!activity) throw new AppError('ACTIVITY_NOT_FOUND', 404, `no activity ${question.activityId}`)
  const key = cacheKey('cohort', {
    activityId: activity.id,
    from: question.from.toISOString(),
    to: question.to.toISOString(),
    retention: question.retention,
  })
  const ttl = deps.cacheSeconds ?? config.cohortCacheSeconds
  const { value, calculatedAt } = await lookAside(deps.redis, key, ttl, () => computeCohort(deps, activity, question), deps.log)
  return { ...value, calculatedAt }
}

async function computeCohort(deps: CohortDeps, activity: CohortActivity, q: CohortQuestion): Promise<Omit<CohortAnalysis, 'calculatedAt'>> {
  const range = { activityId: activity.id, from: q.from, to: q.to }
  const [cost, { totals, days }, repurchasers] = await Promise.all([
    acquisitionCost(deps.reporting, activity),
    cohortTotals(deps.reporting, range),
    repurchasersByDayOffset(deps.reporting, range, q.retention),
  ])
  const today = shopDay(deps.now?.() ?? new Date(), config.shopTimeZone)
  return {
    cohortId: `activity-${activity.id}`,
    cohortName: activity.name,
    cohortStartDate: q.from.toISOString(),
    cohortEndDate: new Date(q.to.getTime() - 1).toISOString(),
    ...moneyFigures(totals, cost),
    retention: retention(totals, q.retention),
    retentionMatrix: retentionMatrix(days, repurchasers, today),
  }
}

/** LTV per window, CAC and their ratios, repeat purchases and ROAS, from the cohort's totals. */
function moneyFigures(t: CohortTotals, cost: number) {
  const perCustomer = (x: number) => (t.customers ? round2(x / t.customers) : 0)
  // ltvN ÷ avgCAC = window revenue ÷ cost: the customers cancel out, and nothing is rounded twice
  const ratio = (revenue: number) => (t.customers && cost ? round2(revenue / cost) : null)
  return {
    totalCustomers: t.customers,
    totalAcquisitionCost: cost,
    avgCAC: perCustomer(cost),
    ltv30d: perCustomer(t.revenue30d),
    ltv90d: perCustomer(t.revenue90d),
    ltv365d: perCustomer(t.revenue365d),
    ltvCurrent: perCustomer(t.revenue),
    ltvCacRatio30d: ratio(t.revenue30d),
    ltvCacRatio90d: ratio(t.revenue90d),
    ltvCacRatio365d: ratio(t.revenue365d),
    ltvCacRatioCurrent: ratio(t.revenue),
    repeatPurchaseRate: percent(t.repeaters, t.customers),
    avgPurchaseFrequency: perCustomer(t.purchases),
    avgOrderValue: t.purchases ? round2(t.revenue / t.purchases) : 0,
    totalRevenue: round2(t.revenue),
    roas: cost ? round2(t.revenue / cost) : null,
  }
}
