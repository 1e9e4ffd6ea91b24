/**
 * The guard of the marketer's app. Every path is signed-in only unless listed public: a page
 * without a session answers 303 to /login?next=<path> (an htmx request 401 with HX-Redirect), an
 * API 401 UNAUTHENTICATED; unsafe methods
 * must pass the cross-site check (cross-site.ts). Routes get `account` (null only on public paths)
 * and `session`; `requireAdmin(account)` answers 403 FORBIDDEN to an analyst.
 */
import { Elysia } from 'elysia'
import type { Redis } from '../../common/clients/redis'
import { AppError } from '../../common/errors'
import type { Pool } from '../../common/clients/mysql'
import type { SignedInAccount } from '../accounts/model'
import { currentAccount } from '../accounts/service'
import { checkCrossSite, isUnsafe } from './cross-site'
import { securityHeaders } from './headers'
import { sessionSetCookie, sessionStore } from './sessions'

/** Paths anyone may open: sign-in, assets, probes, API docs, and dev-only tools (refused in production). */
const publicPrefixes = ['/login', '/static/', '/health', '/metrics', '/docs', '/api/v1/dev/']

export const isPublicPath = (path: string) => publicPrefixes.some((p) => (p.endsWith('/') ? path.startsWith(p) : path === p || path.startsWith(`${p}/`)))

/** Where a page should send someone after signing in: a local path only, never another site. */
export function localPath(next: unknown, fallback = '/admin/campaigns'): string {
  return typeof next === 'string' && /^\/(?![/\\])/.test(next) ? next : fallback
}

export function requireAdmin(account: SignedInAccount | null): SignedInAccount {
  if (account?.role !== 'admin') throw new AppError('FORBIDDEN', 403, 'your role may read but not create or change; ask an admin')
  return account
}

/** How long the guard trusts what it read of an account (per process): a change applies within this. */
export const accountRecheckMs = 5000

/**
 * `currentAccount` with each enabled account kept `accountRecheckMs` (a request reads MySQL at most
 * once per account per period; concurrent misses share one read). A disabled or missing account is
 * not kept: its sessions are deleted at once anyway, and one enabled again must sign in at once.
 */
function recheckedAccounts(accounts: Pool) {
  const known = new Map<number, { account: Promise<SignedInAccount | null>; until: number }>()
  return (id: number): Promise<SignedInAccount | null> => {
    const now = Date.now()
    const hit = known.get(id)
    if (hit && hit.until > now) return hit.account
    if (known.size > 10_000) known.clear()
    const account = currentAccount(accounts, id)
    known.set(id, { account, until: now + accountRecheckMs })
    account.then(
      (found) => found === null && known.delete(id),
      () => known.delete(id),
    )
    return account
  }
}

/**
 * `accounts`: the app passes its accounts pool, so sessions follow their account (disabled: signed
 * out; new role or campaigns: applied) within `accountRecheckMs`. The plugin is registered once by
 * name: the app's instance is the one that runs; a module mounted alone (its tests) reads sessions as stored.
 */
export function authGuard(deps: { redis: Redis; accounts?: Pool }) {
  const sessions = sessionStore(deps.redis, deps.accounts && recheckedAccounts(deps.accounts))
  return new Elysia({ name: 'axon-auth' })
    .decorate('sessions', sessions)
    .onRequest(({ request, set }) => {
      Object.assign(set.headers, securityHeaders(new URL(request.url).pathname))
    })
    .derive({ as: 'global' }, async ({ request, set }) => {
      const session = await sessions.fromRequest(request)
      // the cookie's Max-Age slides with the session's TTL in Redis
      if (session) set.headers['set-cookie'] = sessionSetCookie(session.id)
      // a live stream asks again while it runs (the account may be disabled or lose the campaign meanwhile)
      return { session, account: session?.account ?? null, recheckSession: () => sessions.fromRequest(request, { slide: false }) }
    })
    .onBeforeHandle({ as: 'global' }, ({ request, session, body }) => {
      const url = new URL(request.url)
      if (isPublicPath(url.pathname)) return
      if (!session) {
        if (url.pathname.startsWith('/api/')) throw new AppError('UNAUTHENTICATED', 401, 'sign in first: this needs a session')
        // an htmx request (a refresh, a form) would swap the login page into a widget: send the whole page there
        if (request.headers.get('hx-request') === 'true') {
          const page = URL.parse(request.headers.get('hx-current-url') ?? '')
          const next = encodeURIComponent(page && page.origin === url.origin ? page.pathname + page.search : '/admin/campaigns')
          return new Response(null, { status: 401, headers: { 'hx-redirect': `/login?next=${next}` } })
        }
        const next = encodeURIComponent(url.pathname + url.search)
        return new Response(null, { status: 303, headers: { location: `/login?next=${next}` } })
      }
      if (isUnsafe(request.method)) checkCrossSite(request, body, session.csrfToken)
    })
}
