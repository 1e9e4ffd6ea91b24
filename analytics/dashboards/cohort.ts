/**
 * cohortAnalysis: the LTV, CAC, repeat purchases, retention and ROAS of an activity's cohort (the
 * customers whose first purchase in it falls in the period), as README "Marketing numbers" defines
 * them. It reads the summaries core's cohort job keeps (a few rows per acquisition day), so its
 * numbers are those of the job's last run; cached for AXON_COHORT_CACHE_SECONDS.
 */
import { t } from 'elysia'
import { config } from '../../common/config'
import { AppError } from '../../common/errors'
import { shopDay } from '../../common/shop-days'
import type { AnalyticsDeps } from '../app'
import { addDayTotals, emptyDayTotals, type CohortDayTotals } from '../../common/cohort-days'
import { acquisitionCosts } from './acquisition-cost'
import { campaignBudgets, cohortDays, findCohortActivity, repurchasersByDayOffset, type CohortActivity, type RetentionMode } from '../reporting/cohort'
import { cacheKey, lookAside } from './cache'
import { dashboardDate, entityId, parseParams } from './params'
import { customRange } from './period'
import { percent, ratio, round } from './numbers'
import { retention, retentionMatrix, type Retention, type RetentionRow } from './retention'

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
  const range = { activityId: activity.id, from: q.from, to: q.to, zone: config.shopTimeZone }
  const [budgets, days, repurchasers] = await Promise.all([
    campaignBudgets(deps.reporting, activity),
    cohortDays(deps.reporting, range),
    repurchasersByDayOffset(deps.reporting, range, q.retention),
  ])
  const cost = acquisitionCosts(budgets.campaignBudget, budgets.activities).get(activity.id) ?? 0
  const totals = days.reduce<CohortDayTotals>((sum, d) => addDayTotals(sum, d), emptyDayTotals())
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
function moneyFigures(t: CohortDayTotals, cost: number) {
  const [revenue30d, revenue90d, revenue365d] = t.windowCents.map((cents) => cents / 100) as [number, number, number]
  const revenue = t.cents / 100
  const perCustomer = (x: number) => (t.customers ? round(x / t.customers) : 0)
  // ltvN ÷ avgCAC = window revenue ÷ cost: the customers cancel out, and nothing is rounded twice
  const toCac = (x: number) => (t.customers ? ratio(x, cost) : null)
  return {
    totalCustomers: t.customers,
    totalAcquisitionCost: cost,
    avgCAC: perCustomer(cost),
    ltv30d: perCustomer(revenue30d),
    ltv90d: perCustomer(revenue90d),
    ltv365d: perCustomer(revenue365d),
    ltvCurrent: perCustomer(revenue),
    ltvCacRatio30d: toCac(revenue30d),
    ltvCacRatio90d: toCac(revenue90d),
    ltvCacRatio365d: toCac(revenue365d),
    ltvCacRatioCurrent: toCac(revenue),
    repeatPurchaseRate: percent(t.repeaters, t.customers),
    avgPurchaseFrequency: perCustomer(t.purchases),
    avgOrderValue: t.purchases ? round(revenue / t.purchases) : 0,
    totalRevenue: revenue,
    roas: ratio(revenue, cost),
  }
}
