/**
 * CORS for storefront pages that send events from the browser. Only the listed origins (or any,
 * with "*") get an Access-Control-Allow-Origin answer; preflights are answered here with 204.
 * Credentials are never allowed: the tracker identifies shoppers by ids in the body, not cookies.
 */
import { Elysia } from 'elysia'

export function storefrontCors(origins: string, path: string, { methods = 'POST, OPTIONS', maxAgeSeconds = 600 } = {}) {
  const allowed = origins.split(',').map((o) => o.trim()).filter(Boolean)
  const any = allowed.includes('*')
  const allow = (origin: string | null) => (origin && (any || allowed.includes(origin)) ? origin : undefined)

  return new Elysia()
    // onRequest so that error answers (400, 413, 429) carry the header too and the page can read them
    .onRequest(({ request, set }) => {
      const origin = allow(request.headers.get('origin'))
      if (!origin || new URL(request.url).pathname !== path) return
      set.headers['access-control-allow-origin'] = origin
      set.headers['vary'] = 'Origin'
    })
    .options(path, ({ request, set }) => {
      if (allow(request.headers.get('origin'))) {
        set.headers['access-control-allow-methods'] = methods
        set.headers['access-control-allow-headers'] = request.headers.get('access-control-request-headers') ?? 'content-type'
        set.headers['access-control-max-age'] = String(maxAgeSeconds)
      }
      set.status = 204
      return ''
    })
}
