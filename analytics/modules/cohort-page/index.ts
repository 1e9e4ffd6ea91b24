/**
 * The cohort page and its parts: the whole page, the panel its forms swap in (pushing the page's
 * address with the dates into the browser history), and its data as CSV.
 */
import { Elysia, t } from 'elysia'
import { parameterSchema } from '../../../common/http/errors'
import { idParam } from '../../../common/http/ids'
import { ltvCsv, retentionMatrixCsv, summaryCsv } from '../../../views/charts/cohort-csv'
import { cohortPage } from '../../../views/pages/cohort'
import { cohortPanel } from '../../../views/partials/cohort-panel'
import { cohortAnalysis, type CohortAnalysis, type CohortDeps, type CohortParams } from '../../dashboards/cohort'
import { activityTarget } from '../../dashboards/target'
import { csvDownload, htmlFragment, htmlPage } from '../campaign-page/respond'
import { cohortChoice, cohortPageQuery, cohortPanelData } from './service'

const activityPath = parameterSchema({ id: idParam('the activity') })

const csvChartNames = ['ltv', 'retention-matrix', 'summary'] as const
const csvCharts: Record<(typeof csvChartNames)[number], (c: CohortAnalysis) => string> = { ltv: ltvCsv, 'retention-matrix': retentionMatrixCsv, summary: summaryCsv }

export function cohortPageRoutes(deps: CohortDeps) {
  return new Elysia({ prefix: '/admin/dashboard/cohort' })
    .get(
      '/:id',
      async ({ params, query }) => {
        const { activity } = await activityTarget(deps.reporting, params.id)
        const chosen = cohortChoice(activity, query)
        const data = await cohortPanelData(deps, activity.id, chosen)
        return htmlPage(`Cohort of ${activity.name}`, cohortPage({ activity, activityId: activity.id, chosen, ...data }), data.invalid ? 400 : 200)
      },
      { params: activityPath, query: cohortPageQuery },
    )
    .get(
      '/:id/panel',
      async ({ params, query }) => {
        const { activity } = await activityTarget(deps.reporting, params.id)
        const chosen = cohortChoice(activity, query)
        const data = await cohortPanelData(deps, activity.id, chosen)
        const address = `/admin/dashboard/cohort/${activity.id}?${new URLSearchParams({ ...chosen })}`
        return htmlFragment(cohortPanel({ activityId: activity.id, chosen, ...data }), data.invalid ? 400 : 200, { 'hx-push-url': address })
      },
      { params: activityPath, query: cohortPageQuery },
    )
    .get(
      '/:id/csv/:chart',
      async ({ params, query }) => {
        const { activity } = await activityTarget(deps.reporting, params.id)
        const chosen = cohortChoice(activity, query)
        const cohort = await cohortAnalysis(deps, { activityId: activity.id, ...chosen } as CohortParams)
        return csvDownload(`cohort-${activity.id}-${params.chart}-${chosen.startDate}-${chosen.endDate}`, csvCharts[params.chart](cohort))
      },
      {
        params: parameterSchema({ id: idParam('the activity'), chart: t.UnionEnum(csvChartNames, { description: 'which table' }) }),
        query: cohortPageQuery,
      },
    )
}
