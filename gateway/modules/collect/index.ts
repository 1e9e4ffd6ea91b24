import { Elysia } from 'elysia'
import { AppError } from '../../../common/errors'
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

/**
 * The body is read here, not by Elysia: sendBeacon posts JSON as text/plain (no CORS preflight),
 * and the size limit must hold before the body is buffered.
 */
async function readJson(request: Request, maxBytes: number): Promise<unknown> {
  const tooLarge = () => new AppError('BODY_TOO_LARGE', 413, `the body is over ${maxBytes} bytes: send smaller batches`)
  if (Number(request.headers.get('content-length') ?? 0) > maxBytes) throw tooLarge()
  const text = await request.text()
  if (text.length > maxBytes) throw tooLarge()
  try {
    return JSON.parse(text)
  } catch {
    throw new AppError('MALFORMED_BODY', 400, 'the request body is not valid JSON')
  }
}

export function collectRoutes(deps: CollectRouteDeps) {
  return new Elysia()
    .use(storefrontCors(deps.origins, '/collect'))
    .post(
      '/collect',
      async ({ request }) => {
        deps.limiter.take(deps.clientOf(request))
        const result = await collect(deps, await readJson(request, deps.maxBodyBytes))
        deps.events.inc({ result: 'accepted' }, result.accepted)
        if (result.rejected.length) deps.events.inc({ result: 'rejected' }, result.rejected.length)
        return result
      },
      { parse: 'none' },
    )
}
