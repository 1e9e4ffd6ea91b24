import { Elysia } from 'elysia'
import { readJsonBody } from '../../../common/http/body'
import type { Counter } from '../../../common/metrics'
import { storefrontCors } from '../../plugins/cors'
import type { RateLimiter } from '../../plugins/rate-limit'
import { collect, type CollectDeps } from './service'

export interface CollectRouteDeps extends CollectDeps {
  maxBodyBytes: number
  origins: string
  limiter: RateLimiter
  /** the caller's address as this gateway should see it (X-Forwarded-For only behind our proxy) */
  clientOf: (request: Request) => string
  events: Counter<'result'>
}

/** The body is read by us, not by Elysia (`parse: 'none'`): sendBeacon posts JSON as text/plain. */
export function collectRoutes(deps: CollectRouteDeps) {
  return new Elysia()
    .use(storefrontCors(deps.origins, '/collect'))
    .post(
      '/collect',
      async ({ request }) => {
        deps.limiter.take(deps.clientOf(request))
        const result = await collect(deps, await readJsonBody(request, deps.maxBodyBytes))
        deps.events.inc({ result: 'accepted' }, result.accepted)
        if (result.rejected.length) deps.events.inc({ result: 'rejected' }, result.rejected.length)
        return result
      },
      { parse: 'none' },
    )
}
