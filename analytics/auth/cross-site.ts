/**
 * Cross-site request refusal for every unsafe method: the browser must say the request comes from
 * our own origin (`Origin`, or `Sec-Fetch-Site: same-origin`) and it must carry the session's CSRF
 * token (form field `_csrf` or header `x-csrf-token`, which views/static/csrf.js adds to htmx
 * requests). Either alone has gaps (old browsers, proxies stripping Origin; a leaked token).
 */
import { timingSafeEqual } from 'node:crypto'
import { config } from '../../common/config'
import { AppError } from '../../common/errors'

export const csrfField = '_csrf'
export const csrfHeader = 'x-csrf-token'

const unsafeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

export const isUnsafe = (method: string) => unsafeMethods.has(method.toUpperCase())

export const csrfRefused = (why: string) => new AppError('CSRF_REFUSED', 403, `refused as a cross-site request: ${why}`)

/** The origin browsers show for this app: AXON_PUBLIC_ORIGIN, else the request's own. */
export function ownOrigin(request: Request): string {
  return config.publicOrigin || new URL(request.url).origin
}

export function sameOrigin(request: Request): boolean {
  const origin = request.headers.get('origin')
  if (origin !== null) return origin === ownOrigin(request)
  return request.headers.get('sec-fetch-site') === 'same-origin'
}

function sameToken(given: unknown, expected: string): boolean {
  if (typeof given !== 'string' || !given) return false
  const a = Buffer.from(given)
  const b = Buffer.from(expected)
  return a.length === b.length && timingSafeEqual(a, b)
}

/** Throws CSRF_REFUSED unless the request is same-origin and carries `expectedToken`. */
export function checkCrossSite(request: Request, body: unknown, expectedToken: string | null): void {
  if (!sameOrigin(request)) throw csrfRefused('it does not come from this site (Origin / Sec-Fetch-Site)')
  if (expectedToken === null) return
  const fromBody = body && typeof body === 'object' ? (body as Record<string, unknown>)[csrfField] : undefined
  if (!sameToken(request.headers.get(csrfHeader) ?? fromBody, expectedToken)) throw csrfRefused('the form\'s CSRF token is missing or stale; reload the page')
}
