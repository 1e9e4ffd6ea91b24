/** Admin routes for campaigns. */
import { Elysia } from 'elysia'
import type { Pool } from '../../../common/clients/mysql'
import { idParams } from '../../../common/http/ids'
import { page, pageQuery } from '../../http/model'
import { campaignChange, newCampaign } from './model'
import { changeCampaign, createCampaign, getCampaign, listCampaigns } from './service'

export function campaignRoutes(pool: Pool) {
  return new Elysia({ prefix: '/api/v1/admin/campaigns' })
    .post('/', async ({ body, set }) => {
      set.status = 201
      return createCampaign(pool, body)
    }, { body: newCampaign })
    .get('/', ({ query }) => listCampaigns(pool, page(query)), { query: pageQuery })
    .get('/:id', ({ params }) => getCampaign(pool, params.id), { params: idParams })
    .patch('/:id', ({ params, body }) => changeCampaign(pool, params.id, body), { params: idParams, body: campaignChange })
}
