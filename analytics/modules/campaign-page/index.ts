/**
 * The campaign page and its parts: the whole page, the dashboard fragment the period picker swaps
 * in (pushing the page's own address with the period into the browser history), the live panel
 * it polls, and every chart's data as CSV. Signed-in marketers only (the guard).
 */
import { Elysia, t } from 'elysia'
import { parameterSchema } from '../../../common/http/errors'
import { idParam } from '../../../common/http/ids'
import { comparisonCsv, costsCsv, funnelCsv, overviewCsv, segmentsCsv } from '../../../views/charts/campaign-csv'
import { layout } from '../../../views/layouts/base'
import { campaignPage as campaignPageView } from '../../../views/pages/campaign'
import { assistantAssets } from '../../../views/partials/assistant-panel'
import { campaignDashboard } from '../../../views/partials/campaign-dashboard'
import { campaignRealtime as campaignRealtimeView } from '../../../views/partials/campaign-realtime'
import { authGuard } from '../../auth'
import type { DashboardDeps } from '../../dashboards/deps'
import { campaignTarget } from '../../dashboards/target'
import { htmlPage, shellOf } from '../static/page'
import { csvDownload } from './csv-download'
import { campaignPage, campaignPageQuery, campaignRealtime, campaignWidgets, dashboard, periodQuery, pickedPeriod, type Dashboard } from './service'

const campaignPath = parameterSchema({ id: idParam('the campaign') })
/** what a page with charts loads besides htmx and app.css */
export const chartAssets = { scripts: ['chart.js', 'charts.js'], styles: ['charts.css'] } as const

const csvChartNames = ['overview', 'funnel', 'comparison', 'segments', 'costs'] as const
const csvCharts: Record<(typeof csvChartNames)[number], (data: Dashboard) => string> = {
  overview: (d) => overviewCsv(d.overview),
  funnel: (d) => funnelCsv(d.funnel),
  comparison: (d) => comparisonCsv(d.comparison),
  segments: (d) => segmentsCsv(d.segments),
  costs: (d) => costsCsv(d.costs),
}

export function campaignPageRoutes(deps: DashboardDeps) {
  return new Elysia({ prefix: '/admin/campaigns' })
    .use(authGuard(deps))
    .get(
      '/:id',
      async ({ params, query, session, account, set }) => {
        const picked = pickedPeriod(query)
        const data = await campaignPage(deps, params.id, picked)
        const body = campaignPageView({ ...data, campaignId: params.id, periodQuery: periodQuery(picked), canEdit: account?.role === 'admin' })
        const page = layout(shellOf(session!), { title: data.campaign.name, section: 'campaigns', scripts: [...chartAssets.scripts, ...assistantAssets.scripts], styles: [...chartAssets.styles, ...assistantAssets.styles] }, body)
        return htmlPage(set, page, data.widgets.ok ? 200 : 400)
      },
      { params: campaignPath, query: campaignPageQuery },
    )
    .get(
      '/:id/dashboard',
      async ({ params, query, set }) => {
        await campaignTarget(deps.reporting, params.id)
        const picked = pickedPeriod(query)
        const widgets = await campaignWidgets(deps, params.id, picked)
        // the address bar shows the page with this period: reloading or sharing it shows the same numbers
        set.headers['hx-push-url'] = `/admin/campaigns/${params.id}${periodQuery(picked)}`
        return htmlPage(set, campaignDashboard({ campaignId: params.id, picked, widgets, periodQuery: periodQuery(picked) }), widgets.ok ? 200 : 400)
      },
      { params: campaignPath, query: campaignPageQuery },
    )
    .get('/:id/realtime', async ({ params, set }) => htmlPage(set, campaignRealtimeView(params.id, await campaignRealtime(deps, params.id))), {
      params: campaignPath,
    })
    .get(
      '/:id/csv/:chart',
      async ({ params, query }) => {
        const picked = pickedPeriod(query)
        const data = await dashboard(deps, params.id, picked, [params.chart])
        return csvDownload(`campaign-${params.id}-${params.chart}-${picked.period ?? '7d'}`, csvCharts[params.chart](data))
      },
      {
        params: parameterSchema({ id: idParam('the campaign'), chart: t.UnionEnum(csvChartNames, { description: 'which chart' }) }),
        query: campaignPageQuery,
      },
    )
}
