/** The campaign list, the marketer's start page (`/` leads there). */
import { Elysia } from 'elysia'

export function campaignRoutes() {
  return new Elysia().get('/', ({ set }) => {
    set.status = 303
    set.headers.location = '/admin/campaigns'
    return ''
  })
}
