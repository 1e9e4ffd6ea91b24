/** Admin routes for shopper profiles, which the storefront keeps in sync (PUT is an upsert). */
import { Elysia } from 'elysia'
import type { Pool } from '../../../common/clients/mysql'
import { idParams } from '../../../common/http/ids'
import { shopperProfile } from './model'
import { getShopper, syncShopperProfile } from './service'

export function shopperRoutes(pool: Pool) {
  return new Elysia({ prefix: '/api/v1/admin/users' })
    .put('/:id', ({ params, body }) => syncShopperProfile(pool, params.id, body), { params: idParams, body: shopperProfile })
    .get('/:id', ({ params }) => getShopper(pool, params.id), { params: idParams })
}
