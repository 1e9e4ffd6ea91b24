/**
 * The shop's average repeat purchase rate: the cohorts (cohort.ts's definition: customers whose
 * first purchase in an activity falls in the range) of every activity the asker may see, pooled —
 * customers who bought twice or more ÷ customers, a customer in two cohorts counted in each. What a
 * single cohort's repeatPurchaseRate is compared against. Cached like the cohort.
 */
import { t } from 'elysia'
import { config } from '../../common/config'
import type { CampaignScope } from '../accounts/model'
import { activityIdsOf } from '../reporting/activities'
import { pooledCohortTotals } from '../reporting/cohort'
import { cacheKey, lookAside } from './cache'
import type { CohortDeps } from './cohort'
import { percent } from './numbers'
import { dashboardDate, parseParams } from './params'
import { customRange } from './period'

export const shopRepeatRateParams = t.Object({
  startDate: dashboardDate('cohorts of customers whose first purchase in an activity is at or after this (a date alone: its UTC midnight)'),
  endDate: dashboardDate('… and before this (a date alone: to the end of its UTC day)'),
})
export type ShopRepeatRateParams = typeof shopRepeatRateParams.static

export interface ShopRepeatRate {
  cohortStartDate: string
  cohortEndDate: string
  /** the activities whose cohorts were pooled (those the asker may see) */
  activities: number
  totalCustomers: number
  repeatCustomers: number
  repeatPurchaseRate: number
  calculatedAt: string
}

/** `visibleCampaignIds`: the campaigns the asker may see (`visibleCampaignIds(account)`), every one by default. */
export async function shopRepeatRate(deps: CohortDeps, params: ShopRepeatRateParams, visibleCampaignIds: CampaignScope = 'all'): Promise<ShopRepeatRate> {
  const { startDate, endDate } = parseParams(shopRepeatRateParams, params)
  const range = { ...customRange(startDate, endDate), zone: config.shopTimeZone }
  const campaigns = visibleCampaignIds === 'all' ? undefined : [...new Set(visibleCampaignIds)].sort((a, b) => a - b)
  const key = cacheKey('shop-repeat-rate', { from: range.from.toISOString(), to: range.to.toISOString(), campaigns: campaigns?.join(',') ?? 'all' })
  const ttl = deps.cacheSeconds ?? config.cohortCacheSeconds
  const { value, calculatedAt } = await lookAside(deps.redis, key, ttl, async () => {
    const activityIds = await activityIdsOf(deps.reporting, campaigns)
    const totals = await pooledCohortTotals(deps.reporting, activityIds, range)
    return {
      cohortStartDate: range.from.toISOString(),
      cohortEndDate: new Date(range.to.getTime() - 1).toISOString(),
      activities: activityIds.length,
      totalCustomers: totals.customers,
      repeatCustomers: totals.repeaters,
      repeatPurchaseRate: percent(totals.repeaters, totals.customers),
    }
  }, deps.log)
  return { ...value, calculatedAt }
}
