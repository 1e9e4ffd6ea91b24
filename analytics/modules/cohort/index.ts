/**
 * `GET /api/v1/dashboard/cohort/activity/:id?startDate&endDate&retention=rolling|calendar`: the
 * activity's cohort analysis (analytics/dashboards/cohort.ts). Parameters are checked against the
 * service's schema, so a bad one answers 400 INVALID_PARAMETER naming it, like every dashboard API.
 */
import { Elysia, t } from 'elysia'
import { isDecimalId } from '../../../common/schemas/formats'
import { cohortAnalysis, cohortParams, type CohortDeps } from '../../dashboards/cohort'
import { invalidParameter } from '../../dashboards/cohort-params'

// loose on purpose: the service's schema judges the values and names the parameter it refuses
const query = t.Object({
  startDate: t.Optional(t.String({ description: cohortParams.properties.startDate.description })),
  endDate: t.Optional(t.String({ description: cohortParams.properties.endDate.description })),
  retention: t.Optional(t.String({ description: cohortParams.properties.retention.description })),
})

export function cohortRoutes(deps: CohortDeps) {
  return new Elysia({ prefix: '/api/v1/dashboard/cohort' }).get(
    '/activity/:id',
    ({ params, query }) => {
      if (!isDecimalId(params.id)) throw invalidParameter('id', `must be a whole number from 1 to ${Number.MAX_SAFE_INTEGER}`)
      return cohortAnalysis(deps, { activityId: Number(params.id), ...query } as Parameters<typeof cohortAnalysis>[1])
    },
    { params: t.Object({ id: t.String() }), query },
  )
}
