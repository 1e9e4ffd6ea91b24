/**
 * Admin and internal routes answer only callers holding the shared token (analytics and the
 * gateway) once one is configured; with none configured (development) they are open.
 */
import { timingSafeEqual } from 'node:crypto'
import { Elysia } from 'elysia'
import { coreErrors } from '../errors'

export const internalTokenHeader = 'x-axon-internal-token'

const protectedPrefixes = ['/api/v1/admin/', '/internal/']

function sameToken(given: string | null, expected: string): boolean {
  if (!given) return false
  const a = Buffer.from(given)
  const b = Buffer.from(expected)
  return a.length === b.length && timingSafeEqual(a, b)
}

export function requireInternalToken(token: string) {
  return new Elysia({ name: 'core-internal-token', seed: token }).onRequest(({ request }) => {
    if (!token) return
    const path = new URL(request.url).pathname
    if (!protectedPrefixes.some((prefix) => path.startsWith(prefix))) return
    if (!sameToken(request.headers.get(internalTokenHeader), token)) throw coreErrors.unauthorized()
  })
}
