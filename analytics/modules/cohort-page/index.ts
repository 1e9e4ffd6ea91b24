/**
 * The cohort page and its parts: the whole page, the panel its forms swap in (pushing the page's
 * address with the dates into the browser history), and its data as CSV.
 */
import { Elysia, t } from 'elysia'
import { parameterSchema } from '../../../common/http/errors'
import { idParam } from '../../../common/http/ids'
import { ltvCsv, retentionMatrixCsv, summaryCsv } from '../../../views/charts/cohort-csv'
import { layout } from '../../../views/layouts/base'
import { cohortPage } from '../../../views/pages/cohort'
import { cohortPanel } from '../../../views/partials/cohort-panel'
import { cohortAnalysis, type CohortAnalysis, type CohortDeps, type CohortParams } from '../../dashboards/cohort'
import { authGuard } from '../../auth'
import { activityTarget } from '../../dashboards/target'
import { findCampaign } from '../../reporting/activities'
import { chartAssets } from '../campaign-page'
import { csvDownload } from '../campaign-page/csv-download'
import { htmlPage, shellOf } from '../static/page'
import { cohortChoice, cohortPageQuery, cohortPanelData } from './service'

const activityPath = parameterSchema({ id: idParam('the activity') })

const csvChartNames = ['ltv', 'retention-matrix', 'summary'] as const
const csvCharts: Record<(typeof csvChartNames)[number], (c: CohortAnalysis) => string> = { ltv: ltvCsv, 'retention-matrix': retentionMatrixCsv, summary: summaryCsv }

export function cohortPageRoutes(deps: CohortDeps) {
  return new Elysia({ prefix: '/admin/dashboard/cohort' })
    .use(authGuard(deps))
    .get(
      '/:id',
      async ({ params, query, session, set }) => {
        const { activity } = await activityTarget(deps.reporting, params.id)
        const chosen = cohortChoice(activity, query)
        const [campaign, data] = await Promise.all([findCampaign(deps.reporting, activity.campaignId), cohortPanelData(deps, activity.id, chosen)])
        const named = { id: activity.campaignId, name: campaign?.name ?? `Campaign ${activity.campaignId}` }
        const body = cohortPage({ activity, campaign: named, activityId: activity.id, chosen, ...data })
        const page = layout(shellOf(session!), { title: `Cohort of ${activity.name}`, section: 'campaigns', ...chartAssets }, body)
        return htmlPage(set, page, data.invalid ? 400 : 200)
      },
      { params: activityPath, query: cohortPageQuery },
    )
    .get(
      '/:id/panel',
      async ({ params, query, set }) => {
        const { activity } = await activityTarget(deps.reporting, params.id)
        const chosen = cohortChoice(activity, query)
        const data = await cohortPanelData(deps, activity.id, chosen)
        set.headers['hx-push-url'] = `/admin/dashboard/cohort/${activity.id}?${new URLSearchParams({ ...chosen })}`
        return htmlPage(set, cohortPanel({ activityId: activity.id, chosen, ...data }), data.invalid ? 400 : 200)
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
