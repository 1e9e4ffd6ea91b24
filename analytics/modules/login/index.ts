/**
 * Log in and log out. The login form posts email and password; a match starts a session (cookie
 * set, 303 to where the marketer was going), a mismatch shows the form again with 401, and a
 * throttled try 429 LOGIN_THROTTLED with Retry-After. Logout ends the session in Redis.
 */
import { Elysia, t } from 'elysia'
import type { Pool } from '../../../common/clients/mysql'
import type { Redis } from '../../../common/clients/redis'
import { config } from '../../../common/config'
import { clientAddress } from '../../../common/http/client-address'
import { loginPage } from '../../../views/pages/login'
import { normalEmail } from '../../accounts/model'
import { checkPassword } from '../../accounts/service'
import { authGuard, localPath } from '../../auth'
import { checkCrossSite } from '../../auth/cross-site'
import { sessionSetCookie } from '../../auth/sessions'
import { loginThrottle } from '../../auth/throttle'
import { assetUrls, htmlPage } from '../static/page'

const loginForm = t.Object({
  email: t.String({ maxLength: 254 }),
  password: t.String({ maxLength: 1024 }),
  next: t.Optional(t.String({ maxLength: 2048 })),
})

type ResponseSet = { status?: number | string; headers: Record<string, unknown> }

/** 303 to `location` with the session cookie `cookie` (the guard's sliding cookie is replaced). */
function seeOther(set: ResponseSet, location: string, cookie: string): string {
  set.status = 303
  set.headers.location = location
  set.headers['set-cookie'] = cookie
  return ''
}

export function loginRoutes(deps: { accounts: Pool; redis: Redis }) {
  const throttle = loginThrottle(deps.redis)
  return new Elysia()
    .use(authGuard(deps))
    .get('/login', ({ query, session, set }) => {
      const next = localPath(query.next)
      if (session) return seeOther(set, next, sessionSetCookie(session.id))
      const notice = query.out === '1' ? 'You are logged out.' : undefined
      return htmlPage(set, loginPage({ assets: assetUrls, next, notice }))
    }, { query: t.Object({ next: t.Optional(t.String()), out: t.Optional(t.String()) }) })
    .post('/login', async ({ body, request, server, sessions, set }) => {
      // no session yet, so no token to compare: the origin check alone guards the form
      checkCrossSite(request, body, null)
      const email = normalEmail(body.email)
      const next = localPath(body.next)
      const address = clientAddress(request, config.trustedProxyHops, server?.requestIP(request)?.address)
      const wait = await throttle.retryAfterSeconds(email, address)
      if (wait > 0) {
        set.headers['retry-after'] = String(wait)
        set.headers['x-error-code'] = 'LOGIN_THROTTLED'
        const error = `Too many failed tries. Wait ${wait} s before the next one.`
        return htmlPage(set, loginPage({ assets: assetUrls, next, email: body.email, error }), 429)
      }
      const account = await checkPassword(deps.accounts, email, body.password)
      if (!account) {
        await throttle.failed(email, address)
        return htmlPage(set, loginPage({ assets: assetUrls, next, email: body.email, error: 'Wrong email or password.' }), 401)
      }
      await throttle.succeeded(email)
      const session = await sessions.create(account)
      return seeOther(set, next, sessionSetCookie(session.id))
    }, { body: loginForm })
    // who is signed in, and the CSRF token for clients that are not the pages (scripts, tests);
    // no other site can read it (no CORS)
    .get('/api/v1/session', ({ account, session }) => ({ account, csrfToken: session?.csrfToken }))
    .post('/logout', async ({ session, sessions, set }) => {
      if (session) await sessions.destroy(session.id)
      return seeOther(set, '/login?out=1', sessionSetCookie(null))
    })
}
