/**
 * `GET /api/v1/dashboard/cohort/activity/:id?startDate&endDate&retention=rolling|calendar`: the
 * activity's cohort analysis (analytics/dashboards/cohort.ts). Its query schema is the service's
 * own, so a bad parameter answers 400 INVALID_PARAMETER naming it, like every dashboard API.
 */
import { Elysia } from 'elysia'
import { parameterSchema } from '../../../common/http/errors'
import { idParam } from '../../../common/http/ids'
import { cohortAnalysis, cohortParams, type CohortDeps } from '../../dashboards/cohort'

const { activityId: _, ...query } = cohortParams.properties

export function cohortRoutes(deps: CohortDeps) {
  return new Elysia({ prefix: '/api/v1/dashboard/cohort', tags: ['dashboard'] }).get(
    '/activity/:id',
    ({ params, query }) => cohortAnalysis(deps, { activityId: params.id, ...query }),
    {
      params: parameterSchema({ id: idParam('the activity') }),
      query: parameterSchema(query),
      detail: { summary: "LTV, CAC, repeat purchases, retention and ROAS of the customers an activity acquired in a period" },
    },
  )
}
