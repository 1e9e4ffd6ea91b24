/**
 * The activity dashboard: the page (`/admin/dashboard/:id`, the seeds' address), its live stream
 * (`…/stream`, SSE fed by the activity hub) and the CSV of each chart (`…/csv/<chart>`).
 */
import { Elysia, t } from 'elysia'
import { AppError } from '../../../common/errors'
import { parameterSchema } from '../../../common/http/errors'
import { idParam } from '../../../common/http/ids'
import { checkScope } from '../../auth/scope'
import type { DashboardDeps } from '../../dashboards/deps'
import { activityTarget } from '../../dashboards/target'
import { whileAllowed } from '../../sse/while-allowed'
import type { ActivityHub } from '../../sse/activity-live'
import { chartCsv } from '../../../views/charts/csv'
import { format, shopFormat } from '../../../views/format'
import { layout } from '../../../views/layouts/base'
import { activityPage } from '../../../views/pages/activity'
import { activityChart, activityChartNames } from '../../../views/pages/activity-charts'
import { authGuard } from '../../auth'
import { csvDownload } from '../campaign-page/csv-download'
import { htmlPage, shellOf } from '../static/page'
import { loadActivityPage } from './service'

/** What the page loads besides htmx: the SSE extension, Chart.js and our chart set-up, its styles' companion scripts, the assistant panel's. */
const pageScripts = ['hx-sse.js', 'chart.js', 'charts.js', 'live.js', 'assistant.js'] as const

const activityPath = parameterSchema({ id: idParam('the activity') })
const chartPath = parameterSchema({
  id: idParam('the activity'),
  chart: t.Union(activityChartNames.map((name) => t.Literal(name)), { description: 'which chart of the page' }),
})

export function activityPageRoutes(deps: DashboardDeps, hub: ActivityHub, recheckMs: number) {
  return new Elysia({ prefix: '/admin/dashboard', tags: ['pages'] })
    .use(authGuard(deps))
    .get(
      '/:id',
      async ({ params, session, set }) => {
        const data = await loadActivityPage(deps, params.id)
        const page = layout(
          shellOf(session!),
          { title: `${data.activity.name} · activity dashboard`, section: 'campaigns', scripts: pageScripts, styles: ['charts.css', 'activity.css', 'assistant.css'] },
          activityPage(data, format, shopFormat),
        )
        set.headers['cache-control'] = 'no-store'
        return htmlPage(set, page)
      },
      { params: activityPath, detail: { summary: 'The activity dashboard page' } },
    )
    .get(
      '/:id/stream',
      async ({ params, request, set, recheckSession }) => {
        // an unknown id answers 404 instead of starting a producer
        if (!hub.isWatched(params.id)) await activityTarget(deps.reporting, params.id)
        set.headers['content-type'] = 'text/event-stream'
        set.headers['cache-control'] = 'no-cache'
        set.headers['x-accel-buffering'] = 'no'
        const stillWatching = async () => {
          const session = await recheckSession()
          return session !== null && (await checkScope(deps.reporting, session.account, 'activity', params.id).then(() => true, () => false))
        }
        const lastEventId = request.headers.get('last-event-id') ?? undefined
        return whileAllowed((signal) => hub.watch(params.id, signal, lastEventId), { allowed: stillWatching, everyMs: recheckMs, signal: request.signal })
      },
      { params: activityPath, detail: { summary: "The activity's live numbers as server-sent HTML fragments, once a second when they change" } },
    )
    .get(
      '/:id/csv/:chart',
      async ({ params }) => {
        const data = await loadActivityPage(deps, params.id)
        const chart = activityChart(data, params.chart, shopFormat)
        if (!chart) throw new AppError('WIDGET_UNAVAILABLE', 503, `the numbers of ${params.chart} could not be read; try again`)
        return csvDownload(`activity-${params.id}-${params.chart}`, chartCsv(chart.spec, chart.labelHeading))
      },
      { params: chartPath, detail: { summary: "One chart's data of the activity dashboard as CSV" } },
    )
}
