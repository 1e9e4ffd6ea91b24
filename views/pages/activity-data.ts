/** What the activity dashboard shows: each widget's numbers as the route loaded them (each may have failed alone). */
import type { ActivityDashboard } from '../../analytics/dashboards/activity'
import type { Comparison } from '../../analytics/dashboards/comparison'
import type { Costs } from '../../analytics/dashboards/costs'
import type { HourlyInflow } from '../../analytics/dashboards/hourly'
import type { Segments } from '../../analytics/dashboards/segments'
import type { LiveNumbers } from '../partials/activity-live'
import type { Widget } from '../partials/activity-widget'
import type { ActivityChartName } from './activity-charts'

export interface ActivityPageData {
  activity: { id: number; name: string; campaignId: number; startsAt: Date; endsAt: Date; limit: number }
  /** the activity's campaign, named in the breadcrumb */
  campaign: { id: number; name: string }
  live: Widget<LiveNumbers>
  people: Widget<ActivityDashboard['peopleFunnel']>
  comparison: Widget<Comparison & { startDate: string; endDate: string }>
  hourly: Widget<HourlyInflow>
  segments: Widget<Segments>
  /** this activity's row of the campaign's costs */
  costs: Widget<Costs['activities'][number] | undefined>
  /** when the numbers were read */
  asOf: Date
}

export const activityCsvUrl = (activityId: number, chart: ActivityChartName) => `/admin/dashboard/${activityId}/csv/${chart}`

