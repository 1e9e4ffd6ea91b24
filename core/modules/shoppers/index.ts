/** Admin routes for shopper profiles, which the storefront keeps in sync (PUT is an upsert). */
import { Elysia } from 'elysia'
import { idParams } from '../../../common/http/ids'
import { shopperProfile } from './model'
import { getShopper, syncShopperProfile, type ShopperDeps } from './service'

export function shopperRoutes(deps: ShopperDeps) {
  return new Elysia({ prefix: '/api/v1/admin/users' })
    .put('/:id', ({ params, body }) => syncShopperProfile(deps, params.id, body), { params: idParams, body: shopperProfile })
    .get('/:id', ({ params }) => getShopper(deps.pool, params.id), { params: idParams })
}
