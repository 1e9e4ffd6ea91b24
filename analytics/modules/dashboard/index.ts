/**
 * The dashboards' JSON API. Each route hands its parameters to one service function in
 * analytics/dashboards/ (the pages, SSE streams and assistant call the same ones); its query and
 * path schemas are the services' own, so a bad parameter answers 400 INVALID_PARAMETER naming it,
 * and the OpenAPI document at /docs describes them.
 */
import type { TProperties } from '@sinclair/typebox'
import { Elysia } from 'elysia'
import { parameterSchema } from '../../../common/http/errors'
import { idParam } from '../../../common/http/ids'
import { activityDashboard } from '../../dashboards/activity'
import { campaignDashboard, campaignDashboardParams } from '../../dashboards/campaign'
import { promotionComparison, promotionComparisonParams } from '../../dashboards/comparison'
import { activityCosts, activityCostsParams } from '../../dashboards/costs'
import type { DashboardDeps } from '../../dashboards/deps'
import { hourlyInflow, hourlyInflowParams } from '../../dashboards/hourly'
import { segments, segmentsParams } from '../../dashboards/segments'
import { serverTiming, timed, type PartTimes } from '../../dashboards/timing'

const activityPath = parameterSchema({ id: idParam('the activity') })
const campaignPath = parameterSchema({ id: idParam('the campaign') })

/** A service's parameters less its id (which comes from the path), as a query schema. */
function queryOf<P extends TProperties, K extends keyof P & string>(schema: { properties: P }, id: K) {
  const { [id]: _, ...query } = schema.properties
  return parameterSchema(query as Omit<P, K>)
}

export function dashboardRoutes(deps: DashboardDeps) {
  return new Elysia({ prefix: '/api/v1/dashboard', tags: ['dashboard'] })
    .get('/activity/:id', async ({ params, set }) => {
      const times: PartTimes = {}
      const answer = await timed(times, 'total', () => activityDashboard(deps, { activityId: params.id }, times))
      set.headers['server-timing'] = serverTiming(times)
      return answer
    }, {
      params: activityPath,
      detail: { summary: "An activity's overview, funnel, realtime and funnel by people" },
    })
    .get('/activity/:id/hourly', ({ params, query }) => hourlyInflow(deps, { activityId: params.id, ...query }), {
      params: activityPath,
      query: queryOf(hourlyInflowParams, 'activityId'),
      detail: { summary: "An activity's behaviour events per hour by type" },
    })
    .get('/activity/:id/segments', ({ params, query }) => segments(deps, { activityId: params.id, ...query }), {
      params: activityPath,
      query: queryOf(segmentsParams, 'activityId'),
      detail: { summary: "An activity's purchases, revenue and conversion by member grade and new vs returning" },
    })
    .get('/campaign/:id', ({ params, query }) => campaignDashboard(deps, { campaignId: params.id, ...query }), {
      params: campaignPath,
      query: queryOf(campaignDashboardParams, 'campaignId'),
      detail: { summary: "A campaign's widgets over a period (overview, funnel, comparison, realtime, hourly, segments, costs)" },
    })
    .get('/campaign/:id/comparison', ({ params, query }) => promotionComparison(deps, { campaignId: params.id, ...query }), {
      params: campaignPath,
      query: queryOf(promotionComparisonParams, 'campaignId'),
      detail: { summary: 'Promotion against normal purchases of the campaign products per shop day, with the baseline' },
    })
    .get('/campaign/:id/costs', ({ params, query }) => activityCosts(deps, { campaignId: params.id, ...query }), {
      params: campaignPath,
      query: queryOf(activityCostsParams, 'campaignId'),
      detail: { summary: "Each activity's acquisition cost, revenue, CAC and ROAS" },
    })
}
