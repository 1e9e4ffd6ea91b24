/**
 * The campaign page and its parts: the whole page, the dashboard fragment the period picker swaps
 * in (pushing the page's own address with the period into the browser history), the live panel
 * it polls, and every chart's data as CSV.
 */
import { Elysia, t } from 'elysia'
import { parameterSchema } from '../../../common/http/errors'
import { idParam } from '../../../common/http/ids'
import { campaignDashboard as campaignDashboardData } from '../../dashboards/campaign'
import type { DashboardDeps } from '../../dashboards/deps'
import { campaignTarget } from '../../dashboards/target'
import { comparisonCsv, costsCsv, funnelCsv, overviewCsv, segmentsCsv } from '../../../views/charts/campaign-csv'
import { campaignPage as campaignPageView } from '../../../views/pages/campaign'
import { campaignDashboard } from '../../../views/partials/campaign-dashboard'
import { campaignRealtime as campaignRealtimeView } from '../../../views/partials/campaign-realtime'
import { csvDownload, htmlPage, htmlFragment } from './respond'
import { campaignPage, campaignPageQuery, campaignRealtime, campaignWidgets, periodQuery, pickedPeriod } from './service'

const campaignPath = parameterSchema({ id: idParam('the campaign') })

const csvCharts = {
  overview: (d) => overviewCsv(d.overview!),
  funnel: (d) => funnelCsv(d.funnel!),
  comparison: (d) => comparisonCsv(d.comparison!),
  segments: (d) => segmentsCsv(d.segments!),
  costs: (d) => costsCsv(d.costs!),
} satisfies Record<string, (data: Awaited<ReturnType<typeof campaignDashboardData>>['data']) => string>
type CsvChart = keyof typeof csvCharts
const csvChartNames = Object.keys(csvCharts) as CsvChart[]

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
        const answer = await campaignDashboardData(deps, { campaignId: params.id, widgets: params.chart, ...picked } as Parameters<typeof campaignDashboardData>[1])
        const name = `campaign-${params.id}-${params.chart}-${answer.period}`
        return csvDownload(name, csvCharts[params.chart](answer.data))
      },
      {
        params: parameterSchema({ id: idParam('the campaign'), chart: t.Union(csvChartNames.map((c) => t.Literal(c)), { description: 'which chart' }) }),
        query: campaignPageQuery,
      },
    )
}
