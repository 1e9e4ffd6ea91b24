/**
 * The activity dashboard: the page (`/admin/dashboard/:id`, the seeds' address), its live stream
 * (`…/stream`, SSE fed by the activity hub) and the CSV of each chart (`…/csv/<chart>`).
 */
import { Elysia, t } from 'elysia'
import { AppError } from '../../../common/errors'
import { parameterSchema } from '../../../common/http/errors'
import { idParam } from '../../../common/http/ids'
import type { DashboardDeps } from '../../dashboards/deps'
import { activityTarget } from '../../dashboards/target'
import type { ActivityHub } from '../../sse/activity-live'
import { chartCsv } from '../../../views/charts/csv'
import type { SafeHtml } from '../../../views/html'
import { activityPage } from '../../../views/pages/activity'
import { activityChart, activityChartNames } from '../../../views/pages/activity-charts'
import { formats, shop } from './formats'
import { loadActivityPage } from './service'

/** Wraps a page's body into the whole document (the app's base layout). */
export type Layout = (page: { title: string; body: SafeHtml; path: string }) => SafeHtml

const activityPath = parameterSchema({ id: idParam('the activity') })
const chartPath = parameterSchema({
  id: idParam('the activity'),
  chart: t.Union(activityChartNames.map((name) => t.Literal(name)), { description: 'which chart of the page' }),
})

const htmlHeaders = { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }

export function activityPageRoutes(deps: DashboardDeps, hub: ActivityHub, layout: Layout) {
  return new Elysia({ prefix: '/admin/dashboard', tags: ['pages'] })
    .get(
      '/:id',
      async ({ params, path }) => {
        const data = await loadActivityPage(deps, params.id)
        const body = activityPage(data, formats, shop)
        return new Response(layout({ title: `${data.activity.name} · activity dashboard`, body, path }).value, { headers: htmlHeaders })
      },
      { params: activityPath, detail: { summary: 'The activity dashboard page' } },
    )
    .get(
      '/:id/stream',
      async ({ params, request, set }) => {
        // an unknown id answers 404 instead of starting a producer
        if (!hub.isWatched(params.id)) await activityTarget(deps.reporting, params.id)
        set.headers['content-type'] = 'text/event-stream'
        set.headers['cache-control'] = 'no-cache'
        set.headers['x-accel-buffering'] = 'no'
        return hub.watch(params.id, request.signal, request.headers.get('last-event-id') ?? undefined)
      },
      { params: activityPath, detail: { summary: "The activity's live numbers as server-sent HTML fragments, once a second when they change" } },
    )
    .get(
      '/:id/csv/:chart',
      async ({ params }) => {
        const data = await loadActivityPage(deps, params.id)
        const chart = activityChart(data, params.chart, shop)
        if (!chart) throw new AppError('WIDGET_UNAVAILABLE', 503, `the numbers of ${params.chart} could not be read; try again`)
        return new Response(chartCsv(chart.spec, chart.labelHeading), {
          headers: {
            'content-type': 'text/csv; charset=utf-8',
            'content-disposition': `attachment; filename="activity-${params.id}-${params.chart}.csv"`,
            'cache-control': 'no-store',
          },
        })
      },
      { params: chartPath, detail: { summary: "One chart's data of the activity dashboard as CSV" } },
    )
}
