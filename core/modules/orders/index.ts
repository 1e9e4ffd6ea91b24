/** Admin route of the order intake: the storefront's regular orders, in batches (see service.ts). */
import { Elysia } from 'elysia'
import { orderBatch } from './model'
import { takeInOrders, type OrderDeps } from './service'

export function orderRoutes(deps: OrderDeps) {
  return new Elysia({ prefix: '/api/v1/admin/orders' }).post('/', ({ body }) => takeInOrders(deps, body), { body: orderBatch })
}
