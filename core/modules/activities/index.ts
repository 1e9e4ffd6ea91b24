/** Admin routes for activities: created under their campaign, changed and read by their own id. */
import { Elysia } from 'elysia'
import { idParams } from '../../../common/http/ids'
import { activityChange, newActivity } from './model'
import { changeActivity, createActivity, getActivity, listActivitiesOfCampaign, type ActivityDeps } from './service'

export function activityRoutes(deps: ActivityDeps) {
  return new Elysia({ prefix: '/api/v1/admin' })
    .post('/campaigns/:id/activities', async ({ params, body, set }) => {
      set.status = 201
      return createActivity(deps, params.id, body)
    }, {
      params: idParams,
      body: newActivity,
    })
    .get('/campaigns/:id/activities', ({ params }) => listActivitiesOfCampaign(deps, params.id), { params: idParams })
    .get('/activities/:id', ({ params }) => getActivity(deps, params.id), { params: idParams })
    .patch('/activities/:id', ({ params, body }) => changeActivity(deps, params.id, body), { params: idParams, body: activityChange })
}
