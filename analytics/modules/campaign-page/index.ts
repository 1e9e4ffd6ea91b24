/**
 * The campaign page and its parts: the whole page, the dashboard fragment the period picker swaps
 * in (pushing the page's own address with the period into the browser history), the live panel
 * it polls, and every chart's data as CSV.
 */
import { Elysia, t } from 'elysia'
import { parameterSchema } from '../../../common/http/errors'
import { idParam } from '../../../common/http/ids'
import type { DashboardDeps } from '../../dashboards/deps'
import { campaignTarget } from '../../dashboards/target'
import { comparisonCsv, costsCsv, funnelCsv, overviewCsv, segmentsCsv } from '../../../views/charts/campaign-csv'
import { campaignPage as campaignPageView } from '../../../views/pages/campaign'
import { campaignDashboard } from '../../../views/partials/campaign-dashboard'
import { campaignRealtime as campaignRealtimeView } from '../../../views/partials/campaign-realtime'
import { csvDownload, htmlPage, htmlFragment } from './respond'
import { campaignPage, campaignPageQuery, campaignRealtime, campaignWidgets, dashboard, periodQuery, pickedPeriod, type Dashboard } from './service'

const campaignPath = parameterSchema({ id: idParam('the campaign') })

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
    .get(
      '/:id',
      async ({ params, query }) => {
        const picked = pickedPeriod(query)
        const data = await campaignPage(deps, params.id, picked)
        const body = campaignPageView({ ...data, campaignId: params.id, periodQuery: periodQuery(picked) })
        return htmlPage(data.campaign.name, body, data.widgets.ok ? 200 : 400)
      },
      { params: campaignPath, query: campaignPageQuery },
    )
    .get(
      '/:id/dashboard',
      async ({ params, query }) => {
        await campaignTarget(deps.reporting, params.id)
        const picked = pickedPeriod(query)
        const widgets = await campaignWidgets(deps, params.id, picked)
        const fragment = campaignDashboard({ campaignId: params.id, picked, widgets, periodQuery: periodQuery(picked) })
        // the address bar shows the page with this period: reloading or sharing it shows the same numbers
        return htmlFragment(fragment, widgets.ok ? 200 : 400, { 'hx-push-url': `/admin/campaigns/${params.id}${periodQuery(picked)}` })
      },
      { params: campaignPath, query: campaignPageQuery },
    )
    .get(
      '/:id/realtime',
      async ({ params }) => htmlFragment(campaignRealtimeView(params.id, await campaignRealtime(deps, params.id))),
      { params: campaignPath },
    )
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
