/**
 * What the campaign page shows, from the same service function the JSON API calls
 * (campaignDashboard), one call per widget so that a widget that fails leaves the others standing.
 * The period is checked once up front with the API's own schema: a bad custom date is an error
 * shown at the picker, not five widget errors.
 */
import { t } from 'elysia'
import { parameterSchema } from '../../../common/http/errors'
import { campaignDashboard, campaignDashboardParams, type WidgetName } from '../../dashboards/campaign'
import type { DashboardDeps } from '../../dashboards/deps'
import { parseParams } from '../../dashboards/params'
import { resolvePeriod, type PeriodName } from '../../dashboards/period'
import { campaignTarget } from '../../dashboards/target'
import type { CampaignWidgets } from '../../../views/partials/campaign-dashboard'
import { loadWidget, refusedParameter } from './widgets'

/** The page's query as the period picker sends it: strings, possibly empty; checked by the service. */
export const campaignPageQuery = parameterSchema({
  period: t.Optional(t.String({ maxLength: 16 })),
  startDate: t.Optional(t.String({ maxLength: 40 })),
  endDate: t.Optional(t.String({ maxLength: 40 })),
})
export type CampaignPageQuery = typeof campaignPageQuery.static

export interface PickedPeriod {
  period?: string
  startDate?: string
  endDate?: string
}

/** Empty fields dropped; dates only with a custom period (the preset buttons send the date fields too). */
export function pickedPeriod(query: CampaignPageQuery): PickedPeriod {
  const period = query.period || undefined
  if (period !== 'custom') return { period }
  return { period, startDate: query.startDate || undefined, endDate: query.endDate || undefined }
}

/** The period as a query string: the page's shareable address and its CSV links carry it. */
export function periodQuery(picked: PickedPeriod): string {
  const query = new URLSearchParams(Object.entries(picked).filter((e): e is [string, string] => e[1] !== undefined))
  return query.size ? `?${query}` : ''
}

type Data = Awaited<ReturnType<typeof campaignDashboard>>['data']
/** The dashboard's widgets, each present (the ones asked for are) */
export type Dashboard = { [W in keyof Data]-?: NonNullable<Data[W]> }

/** Widgets of the campaign's dashboard in the picked period (the JSON API's numbers). */
export async function dashboard(deps: DashboardDeps, campaignId: number, picked: PickedPeriod, widgets: WidgetName[]): Promise<Dashboard> {
  const params = { campaignId, widgets: widgets.join(','), ...picked } as typeof campaignDashboardParams.static
  return (await campaignDashboard(deps, params)).data as Dashboard
}

/** The period's widgets, or the parameter the marketer got wrong. */
export async function campaignWidgets(deps: DashboardDeps, campaignId: number, picked: PickedPeriod): Promise<CampaignWidgets> {
  const refused = refusedParameter(() => {
    parseParams(campaignDashboardParams, { campaignId, ...picked })
    resolvePeriod(picked as { period?: PeriodName })
  })
  if (refused) return { ok: false, error: refused }
  const period = resolvePeriod(picked as { period?: PeriodName })
  const load = <T>(name: WidgetName, pick: (d: Dashboard) => T) =>
    loadWidget(name, async () => pick(await dashboard(deps, campaignId, picked, name === 'overview' ? ['overview', 'funnel'] : [name])), deps.log)
  const [figures, comparison, segments, costs] = await Promise.all([
    // overview and funnel are one computation
    load('overview', (d) => ({ overview: d.overview, funnel: d.funnel })),
    load('comparison', (d) => d.comparison),
    load('segments', (d) => d.segments),
    load('costs', (d) => d.costs),
  ])
  return { ok: true, range: { from: period.from.toISOString(), to: period.to.toISOString() }, figures, comparison, segments, costs }
}

export function campaignRealtime(deps: DashboardDeps, campaignId: number) {
  return loadWidget('realtime', async () => (await dashboard(deps, campaignId, {}, ['realtime'])).realtime, deps.log)
}

/** The whole page: the campaign and its activities (404 when unknown), the period's widgets, live numbers. */
export async function campaignPage(deps: DashboardDeps, campaignId: number, picked: PickedPeriod) {
  const target = await campaignTarget(deps.reporting, campaignId)
  const [widgets, realtime] = await Promise.all([campaignWidgets(deps, campaignId, picked), campaignRealtime(deps, campaignId)])
  return { campaign: target.campaign, activities: target.activities, picked, widgets, realtime }
}
export type CampaignPage = Awaited<ReturnType<typeof campaignPage>>
