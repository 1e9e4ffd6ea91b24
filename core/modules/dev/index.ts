/** Dev-only admin routes (refused in production with 403 DEV_ONLY). */
import { Elysia } from 'elysia'
import { timeTravel } from './model'
import { travelInTime, type DevDeps } from './service'

export function devRoutes(deps: DevDeps) {
  return new Elysia({ prefix: '/api/v1/admin/dev' }).post('/time-travel', ({ body }) => travelInTime(deps, body), { body: timeTravel })
}
