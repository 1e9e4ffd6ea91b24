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
 * and the size limit must hold while the body is read. A declared Content-Length over the limit is
 * refused unread; a body sent without one (chunked) is read only up to the limit, in bytes.
 */
async function readJson(request: Request, maxBytes: number): Promise<unknown> {
  const tooLarge = () => new AppError('BODY_TOO_LARGE', 413, `the body is over ${maxBytes} bytes: send smaller batches`)
  const declared = request.headers.get('content-length')
  if (Number(declared ?? 0) > maxBytes) throw tooLarge()
  // with a declared length the server reads no more than it, so the whole body may be taken at once
  // (reading the stream chunk by chunk cost /collect a fifth of its throughput)
  const text = declared === null ? await readAtMost(request, maxBytes, tooLarge) : await request.text()
  try {
    return JSON.parse(text)
  } catch {
    throw new AppError('MALFORMED_BODY', 400, 'the request body is not valid JSON')
  }
}

async function readAtMost(request: Request, maxBytes: number, tooLarge: () => Error): Promise<string> {
  const chunks: Uint8Array[] = []
  let bytes = 0
  for await (const chunk of (request.body ?? []) as unknown as AsyncIterable<Uint8Array>) {
    bytes += chunk.byteLength
    if (bytes > maxBytes) throw tooLarge()
    chunks.push(chunk)
  }
  return new TextDecoder().decode(Buffer.concat(chunks))
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
