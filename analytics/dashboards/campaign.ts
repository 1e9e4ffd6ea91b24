/**
 * GET /api/v1/dashboard/campaign/:id — the seeds' envelope over all of a campaign's activities in a
 * period, with only the widgets asked for (default overview, funnel, realtime). realtime is live;
 * the other widgets of a closed period come through the look-aside cache.
 */
import { t } from 'elysia'
import { invalidParameter } from '../../common/http/errors'
import { answer, rangeParams } from './answer'
import { comparisonOf } from './comparison'
import { costsOf } from './costs'
import type { DashboardDeps } from './deps'
import { overviewAndFunnel } from './funnel'
import { hourlyOf } from './hourly'
import { entityId, parseParams } from './params'
import { periodParams, resolvePeriod, type Period } from './period'
import { realtime } from './realtime'
import { segmentsOf } from './segments'
import { campaignTarget } from './target'

export const widgetNames = ['overview', 'funnel', 'comparison', 'realtime', 'hourly', 'segments', 'costs'] as const
export type WidgetName = (typeof widgetNames)[number]
const defaultWidgets: WidgetName[] = ['overview', 'funnel', 'realtime']

export const campaignDashboardQuery = {
  widgets: t.Optional(t.String({ description: `comma-separated widgets: ${widgetNames.join(', ')} (default ${defaultWidgets.join(',')})` })),
  ...periodParams,
}

export const campaignDashboardParams = t.Object({ campaignId: entityId('the campaign'), ...campaignDashboardQuery })

export function parseWidgets(widgets: string | undefined): WidgetName[] {
  if (widgets === undefined) return defaultWidgets
  const asked = widgets.split(',').map((w) => w.trim())
  const unknown = asked.find((w) => !(widgetNames as readonly string[]).includes(w))
  if (unknown !== undefined) throw invalidParameter('widgets', `has an unknown widget "${unknown}"; widgets are ${widgetNames.join(', ')}`)
  return [...new Set(asked as WidgetName[])]
}

type Target = Awaited<ReturnType<typeof campaignTarget>>

async function storedWidgets(deps: DashboardDeps, target: Target, period: Period, widgets: readonly WidgetName[]) {
  const has = (w: WidgetName) => widgets.includes(w)
  const [figures, comparison, hourly, segments, costs] = await Promise.all([
    has('overview') || has('funnel') ? overviewAndFunnel(deps, target, period) : undefined,
    has('comparison') ? comparisonOf(deps, target, period) : undefined,
    has('hourly') ? hourlyOf(deps, target, period) : undefined,
    has('segments') ? segmentsOf(deps, target, period) : undefined,
    has('costs') ? costsOf(deps, target, period) : undefined,
  ])
  return {
    overview: has('overview') ? figures?.overview : undefined,
    funnel: has('funnel') ? figures?.funnel : undefined,
    comparison,
    hourly: hourly?.hours,
    segments,
    costs,
  }
}

export async function campaignDashboard(deps: DashboardDeps, params: typeof campaignDashboardParams.static) {
  const { campaignId, ...query } = parseParams(campaignDashboardParams, params)
  const widgets = parseWidgets(query.widgets)
  const period = resolvePeriod(query)
  const target = await campaignTarget(deps.reporting, campaignId)
  const stored = widgets.filter((w) => w !== 'realtime').sort()
  const [cached, live] = await Promise.all([
    answer(deps, { widget: 'campaign', params: { campaignId, widgets: stored.join(','), ...rangeParams(period) }, closed: period.closed }, () =>
      storedWidgets(deps, target, period, stored),
    ),
    widgets.includes('realtime') ? realtime(deps, target) : undefined,
  ])
  return {
    campaignId,
    period: period.name,
    startDate: period.from.toISOString(),
    endDate: period.to.toISOString(),
    timestamp: new Date().toISOString(),
    calculatedAt: cached.calculatedAt,
    // JSON leaves out the widgets not asked for (undefined)
    data: { ...cached.value, realtime: live },
  }
}
