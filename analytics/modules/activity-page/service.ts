/**
 * The activity dashboard's numbers, each widget through its own service function (the ones the
 * JSON API calls) and each caught alone: a failing widget shows its error, the page still renders.
 * An unknown activity is the only failure of the whole page (404).
 */
import { config } from '../../../common/config'
import type { Logger } from '../../../common/log'
import { activityDashboard } from '../../dashboards/activity'
import { promotionComparison } from '../../dashboards/comparison'
import { activityCosts } from '../../dashboards/costs'
import type { DashboardDeps } from '../../dashboards/deps'
import { hourlyInflow } from '../../dashboards/hourly'
import { shopDay } from '../../dashboards/period'
import { segments } from '../../dashboards/segments'
import { activityTarget } from '../../dashboards/target'
import { findCampaign } from '../../reporting/activities'
import type { ActivityPageData } from '../../../views/pages/activity-data'
import type { Widget } from '../../../views/partials/activity-widget'

const dayMs = 24 * 3_600_000
/** days of normal sales shown before the activity, so promotion days stand against ordinary ones */
export const comparisonLeadDays = 7

async function widget<T>(name: string, read: Promise<T>, log: Logger | undefined): Promise<Widget<T>> {
  try {
    return { ok: true, value: await read }
  } catch (error) {
    log?.warn('dashboard widget unavailable', { widget: name, error: String(error) })
    return { ok: false, message: String(error) }
  }
}

/** Shop days from a week before the activity to its end (or today, while it runs). */
export function comparisonDays(activity: { startsAt: Date; endsAt: Date }, now = new Date()) {
  const end = new Date(Math.max(activity.startsAt.getTime(), Math.min(activity.endsAt.getTime(), now.getTime())))
  return {
    period: 'custom' as const,
    startDate: shopDay(new Date(activity.startsAt.getTime() - comparisonLeadDays * dayMs), config.shopTimeZone),
    endDate: shopDay(end, config.shopTimeZone),
  }
}

export async function loadActivityPage(deps: DashboardDeps, activityId: number): Promise<ActivityPageData> {
  const { activity } = await activityTarget(deps.reporting, activityId)
  const asOf = new Date()
  const [campaign, dashboard, comparison, hourly, segmentFigures, costs] = await Promise.all([
    findCampaign(deps.reporting, activity.campaignId),
    widget('activity', activityDashboard(deps, { activityId }), deps.log),
    widget('comparison', promotionComparison(deps, { campaignId: activity.campaignId, ...comparisonDays(activity, asOf) }), deps.log),
    widget('hourly', hourlyInflow(deps, { activityId }), deps.log),
    widget('segments', segments(deps, { activityId }), deps.log),
    widget('costs', activityCosts(deps, { campaignId: activity.campaignId }), deps.log),
  ])
  const { id, name, campaignId, startsAt, endsAt, limit } = activity
  return {
    activity: { id, name, campaignId, startsAt, endsAt, limit },
    campaign: { id: campaignId, name: campaign?.name ?? `Campaign ${campaignId}` },
    live: dashboard.ok ? { ok: true, value: { ...dashboard.value, limit } } : dashboard,
    people: dashboard.ok ? { ok: true, value: dashboard.value.peopleFunnel } : dashboard,
    comparison,
    hourly,
    segments: segmentFigures,
    costs: costs.ok ? { ok: true, value: costs.value.activities.find((a) => a.activityId === id) } : costs,
    asOf,
  }
}
