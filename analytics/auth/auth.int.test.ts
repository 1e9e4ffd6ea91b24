/**
 * Signing in and the guard, through the analytics app on the real Redis and MariaDB: who gets
 * what without a session, the cookie's flags, expiry and logout, cross-site refusal and the
 * login throttle.
 */
import { afterAll, afterEach, describe, expect, test } from 'bun:test'
import { loginFailuresKey, sessionKey } from '../../common/redis/keys'
import { disableAccount, enableAccount, rescopeAccount } from '../accounts/service'
import { waitFor } from '../../test/support/wait'
import type { RowDataPacket } from '../../common/clients/mysql'
import { accountRecheckMs } from '.'
import { testAnalyticsApp } from '../../test/support/analytics-app'
import { closeTestClients } from '../../test/support/clients'
import { createMarketer, postLogin, send, signIn, signedInAs } from '../../test/support/marketer'

const t = testAnalyticsApp('auth-test')
const { app, pool, redis } = t
afterAll(async () => {
  await t.close()
  await closeTestClients()
})
// requests through app.handle have no peer address: they all count as the client "unknown"
afterEach(() => redis.del(loginFailuresKey('address', 'unknown')))

const sessionIdOf = (cookie: string) => cookie.slice('axon_session='.length).split('.')[0]!

describe('without a session', () => {
  test('a page answers 303 to the login page, remembering where the marketer was going', async () => {
    const response = await send(app, '/?from=mail')
    expect(response.status).toBe(303)
    expect(response.headers.get('location')).toBe(`/login?next=${encodeURIComponent('/?from=mail')}`)
  })

  test('the campaign list too; a refresh htmx makes is sent to the login page as a whole page, not swapped into a widget', async () => {
    expect((await send(app, '/admin/campaigns')).headers.get('location')).toBe('/login?next=%2Fadmin%2Fcampaigns')
    const refresh = await send(app, '/admin/campaigns?fragment=table', { headers: { 'hx-request': 'true', 'hx-current-url': 'http://localhost/admin/campaigns?page=2' } })
    expect(refresh.status).toBe(401)
    expect(refresh.headers.get('hx-redirect')).toBe(`/login?next=${encodeURIComponent('/admin/campaigns?page=2')}`)
  })

  test('the dashboard and cohort APIs answer 401 UNAUTHENTICATED', async () => {
    for (const path of ['/api/v1/dashboard/activity/1', '/api/v1/dashboard/campaign/1', '/api/v1/dashboard/cohort/activity/1?startDate=2024-01-01&endDate=2024-01-31']) {
      const response = await send(app, path)
      expect({ path, status: response.status, code: ((await response.json()) as { code: string }).code }).toEqual({ path, status: 401, code: 'UNAUTHENTICATED' })
    }
  })

  test('login page, static files and health need none', async () => {
    const login = await send(app, '/login')
    expect(login.status).toBe(200)
    expect(await login.text()).toContain('name="password"')
    expect((await send(app, '/health')).status).toBe(200)
  })
})

describe('logging in', () => {
  test('the right password starts a session: 303 to where the marketer was going, an HttpOnly SameSite cookie', async () => {
    const m = await createMarketer(pool, 'analyst')
    const response = await send(app, '/login', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost' },
      body: new URLSearchParams({ email: m.email.toUpperCase(), password: m.password, next: '/admin/jobs' }).toString(),
    })
    expect(response.status).toBe(303)
    expect(response.headers.get('location')).toBe('/admin/jobs')
    const cookie = response.headers.get('set-cookie')!
    expect(cookie).toMatch(/^axon_session=[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+; Max-Age=43200; Path=\/; HttpOnly; SameSite=Lax$/)
    const who = await send(app, '/api/v1/session', { headers: { cookie: cookie.split(';')[0]! } })
    expect(await who.json()).toMatchObject({ account: { id: m.id, email: m.email, role: 'analyst' } })
  })

  test('a next that leaves the site is ignored', async () => {
    const m = await createMarketer(pool)
    for (const next of ['//evil.example/x', 'https://evil.example/', '/\\evil.example']) {
      const response = await send(app, '/login', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost' },
        body: new URLSearchParams({ email: m.email, password: m.password, next }).toString(),
      })
      expect(response.headers.get('location')).toBe('/admin/campaigns')
    }
  })

  test('a wrong password or an unknown email shows the form again with 401 and no session', async () => {
    const m = await createMarketer(pool)
    for (const [email, password] of [[m.email, 'not-the-password'], ['nobody@shop.test', m.password]] as const) {
      const response = await postLogin(app, email, password)
      expect(response.status).toBe(401)
      expect(response.headers.get('set-cookie')).toBeNull()
      expect(await response.text()).toContain('Wrong email or password.')
    }
  })

  test('a disabled account cannot log in', async () => {
    const m = await createMarketer(pool)
    await pool.query('UPDATE accounts SET disabled_at = NOW(3) WHERE id = ?', [m.id])
    expect((await postLogin(app, m.email, m.password)).status).toBe(401)
  })
})

describe('the session', () => {
  test('a forged or altered cookie is no session', async () => {
    const { cookie } = await signedInAs(app, pool)
    const [id, signature] = cookie.slice('axon_session='.length).split('.') as [string, string]
    for (const forged of [`axon_session=${id}.${signature.slice(1)}x`, `axon_session=${id.slice(1)}x.${signature}`, `axon_session=${id}`])
      expect((await send(app, '/api/v1/dashboard/activity/1', { headers: { cookie: forged } })).status).toBe(401)
  })

  test('each request starts its lifetime again, and once it lapses the marketer must log in again', async () => {
    const me = await signedInAs(app, pool)
    await redis.expire(sessionKey(sessionIdOf(me.cookie)), 60)
    expect((await me.request('/api/v1/session')).status).toBe(200)
    expect(await redis.ttl(sessionKey(sessionIdOf(me.cookie)))).toBeGreaterThan(43_000)
    await redis.pexpire(sessionKey(sessionIdOf(me.cookie)), 1)
    await Bun.sleep(10)
    expect((await me.request('/api/v1/session')).status).toBe(401)
    expect((await me.request('/')).headers.get('location')).toStartWith('/login?next=')
  })

  test('a disabled account is signed out of its open sessions within the recheck, on pages and APIs alike', async () => {
    const me = await signedInAs(app, pool, 'analyst')
    expect((await me.request('/api/v1/session')).status).toBe(200)
    await disableAccount(pool, me.marketer.email)
    await waitFor(async () => (await me.request('/api/v1/session')).status === 401, { timeoutMs: accountRecheckMs + 5000, what: 'the session to end' })
    expect((await me.request('/api/v1/dashboard/activity/1')).status).toBe(401)
    expect((await me.request('/admin/campaigns')).headers.get('location')).toStartWith('/login?next=')
    expect(await redis.exists(sessionKey(sessionIdOf(me.cookie)))).toBe(0)
    // enabled again, it signs in again; the old session stays ended
    await enableAccount(pool, me.marketer.email)
    const again = await postLogin(app, me.marketer.email, me.marketer.password)
    expect(again.status).toBe(303)
    // the new session works at once (a refusal is never kept by the guard's recheck); the old one stays ended
    const newCookie = again.headers.get('set-cookie')!.split(';')[0]!
    expect((await send(app, '/api/v1/session', { headers: { cookie: newCookie } })).status).toBe(200)
    expect((await me.request('/api/v1/session')).status).toBe(401)
  }, 20_000)

  test('a new role or campaign list applies to open sessions within the recheck', async () => {
    const me = await signedInAs(app, pool, 'analyst', [1, 2])
    expect(((await (await me.request('/api/v1/session')).json()) as { account: { campaignIds: unknown } }).account.campaignIds).toEqual([1, 2])
    await rescopeAccount(pool, me.marketer.email, [2])
    await waitFor(
      async () => JSON.stringify(((await (await me.request('/api/v1/session')).json()) as { account: { campaignIds: unknown } }).account.campaignIds) === '[2]',
      { timeoutMs: accountRecheckMs + 5000, what: 'the new campaign list' },
    )
  }, 20_000)

  test('the last enabled admin cannot be disabled; an unknown email is said so', async () => {
    // the suite's database has other files' admins: set them aside for this test and give them back after
    const [others] = await pool.query<RowDataPacket[]>("SELECT id FROM accounts WHERE role = 'admin' AND disabled_at IS NULL")
    const last = await createMarketer(pool, 'admin')
    try {
      if (others.length) await pool.query('UPDATE accounts SET disabled_at = NOW(3) WHERE id IN (?)', [others.map((r) => r.id)])
      await expect(disableAccount(pool, last.email)).rejects.toMatchObject({ code: 'LAST_ADMIN', status: 409 })
    } finally {
      if (others.length) await pool.query('UPDATE accounts SET disabled_at = NULL WHERE id IN (?)', [others.map((r) => r.id)])
    }
    await disableAccount(pool, last.email) // no longer the last
    // two admins disabling each other at once leave one of them enabled
    const [x, y] = [await createMarketer(pool, 'admin'), await createMarketer(pool, 'admin')]
    const [others2] = await pool.query<RowDataPacket[]>("SELECT id FROM accounts WHERE role = 'admin' AND disabled_at IS NULL AND id NOT IN (?, ?)", [x.id, y.id])
    try {
      if (others2.length) await pool.query('UPDATE accounts SET disabled_at = NOW(3) WHERE id IN (?)', [others2.map((r) => r.id)])
      const outcomes = await Promise.allSettled([disableAccount(pool, x.email), disableAccount(pool, y.email)])
      expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected'])
      const [enabled] = await pool.query<RowDataPacket[]>("SELECT COUNT(*) AS n FROM accounts WHERE role = 'admin' AND disabled_at IS NULL AND id IN (?, ?)", [x.id, y.id])
      expect(Number(enabled[0]!.n)).toBe(1)
    } finally {
      if (others2.length) await pool.query('UPDATE accounts SET disabled_at = NULL WHERE id IN (?)', [others2.map((r) => r.id)])
    }
    await expect(disableAccount(pool, 'nobody-at-all@shop.test')).rejects.toMatchObject({ code: 'ACCOUNT_NOT_FOUND', status: 404 })
    await expect(rescopeAccount(pool, last.email, [0])).rejects.toMatchObject({ code: 'INVALID_CAMPAIGNS' })
  })

  test('logout ends the session: the cookie is cleared and the old one no longer works', async () => {
    const me = await signedInAs(app, pool)
    const response = await me.request('/logout', { method: 'POST' })
    expect(response.status).toBe(303)
    expect(response.headers.get('location')).toBe('/login?out=1')
    expect(response.headers.get('set-cookie')).toStartWith('axon_session=; Max-Age=0')
    expect(await redis.exists(sessionKey(sessionIdOf(me.cookie)))).toBe(0)
    expect((await me.request('/api/v1/session')).status).toBe(401)
  })
})

describe('cross-site requests are refused', () => {
  test('from another origin, even with the session cookie and token', async () => {
    const me = await signedInAs(app, pool)
    const response = await me.request('/logout', { method: 'POST', headers: { origin: 'https://evil.example' } })
    expect(response.status).toBe(403)
    expect(await response.json()).toMatchObject({ code: 'CSRF_REFUSED' })
    expect((await me.request('/api/v1/session')).status).toBe(200)
  })

  test('without the CSRF token, or with another session\'s', async () => {
    const me = await signedInAs(app, pool)
    const other = await signedInAs(app, pool)
    for (const token of ['', other.csrfToken]) {
      const response = await me.request('/logout', { method: 'POST', headers: { 'x-csrf-token': token } })
      expect([response.status, ((await response.json()) as { code: string }).code]).toEqual([403, 'CSRF_REFUSED'])
    }
  })

  test('a form carrying the token in _csrf from a same-origin page (Sec-Fetch-Site) passes', async () => {
    const me = await signedInAs(app, pool)
    const response = await send(app, '/logout', {
      method: 'POST',
      headers: { cookie: me.cookie, 'sec-fetch-site': 'same-origin', 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: me.csrfToken }).toString(),
    })
    expect(response.status).toBe(303)
  })

  test('a login form posted from another site is refused before the password is checked', async () => {
    const m = await createMarketer(pool)
    const response = await postLogin(app, m.email, m.password, { origin: 'https://evil.example' })
    expect(response.status).toBe(403)
    expect(response.headers.get('set-cookie')).toBeNull()
  })
})

describe('login throttle', () => {
  test('after five wrong passwords the next try waits, doubling, even with the right password; then a success clears it', async () => {
    const m = await createMarketer(pool)
    for (let i = 0; i < 5; i++) expect((await postLogin(app, m.email, 'wrong-password')).status).toBe(401)
    const throttled = await postLogin(app, m.email, m.password)
    expect(throttled.status).toBe(429)
    expect(throttled.headers.get('x-error-code')).toBe('LOGIN_THROTTLED')
    expect(Number(throttled.headers.get('retry-after'))).toBe(2)
    expect(await throttled.text()).toContain('Too many failed tries')
    await Bun.sleep(2_050)
    expect((await postLogin(app, m.email, 'wrong-again')).status).toBe(401)
    expect(Number((await postLogin(app, m.email, m.password)).headers.get('retry-after'))).toBe(4)
    await redis.del(loginFailuresKey('address', 'unknown'))
    await Bun.sleep(4_050)
    expect((await postLogin(app, m.email, m.password)).status).toBe(303)
    expect(await redis.exists(loginFailuresKey('account', m.email))).toBe(0)
  })

  test('one address guessing at many accounts is slowed too', async () => {
    for (let i = 0; i < 5; i++) expect((await postLogin(app, `guess-${i}@shop.test`, 'wrong-password')).status).toBe(401)
    const m = await createMarketer(pool)
    expect((await postLogin(app, m.email, m.password)).status).toBe(429)
    await redis.del(loginFailuresKey('address', 'unknown'))
    expect((await signIn(app, m)).cookie).toStartWith('axon_session=')
  })
})
