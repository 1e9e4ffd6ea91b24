/**
 * Marketers for tests: an account of a role in the real accounts table, signed in through the
 * real login form (`POST /login`), as a cookie for `app.handle` / fetch or as a Playwright page.
 * `SignedIn.request` sends what a browser on our own page sends: the cookie, `Origin` and, on
 * unsafe methods, the CSRF token.
 */
import type { Browser, Page } from 'playwright-core'
import type { CampaignScope, Role } from '../../analytics/accounts/model'
import { addAccount } from '../../analytics/accounts/service'
import type { Db } from '../../common/clients/mysql'

export interface Marketer {
  id: number
  email: string
  role: Role
  campaignIds: CampaignScope
  password: string
}

/** Where requests go: an app driven in-process (`app.handle`) or a server at a base URL. */
export type Target = { handle(request: Request): Promise<Response> } | string

export interface SignedIn {
  marketer: Marketer
  /** `axon_session=…`, for a Cookie header */
  cookie: string
  csrfToken: string
  request(path: string, init?: RequestInit): Promise<Response>
}

const originOf = (target: Target) => (typeof target === 'string' ? new URL(target).origin : 'http://localhost')

export function send(target: Target, path: string, init: RequestInit = {}): Promise<Response> {
  const request = new Request(`${originOf(target)}${path}`, { redirect: 'manual', ...init })
  return typeof target === 'string' ? fetch(request) : target.handle(request)
}

/** An account of `role` seeing `campaignIds` (default: every campaign). */
export async function createMarketer(db: Db, role: Role = 'admin', campaignIds: CampaignScope = 'all'): Promise<Marketer> {
  const email = `${role}-${crypto.randomUUID().slice(0, 8)}@shop.test`
  const password = `pw-${crypto.randomUUID()}`
  const account = await addAccount(db, { email, role, password, campaignIds })
  return { ...account, password }
}

/** Posts the login form as the browser would; the response (303 with a cookie, or the form again). */
export function postLogin(target: Target, email: string, password: string, headers: Record<string, string> = {}): Promise<Response> {
  return send(target, '/login', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: originOf(target), ...headers },
    body: new URLSearchParams({ email, password }).toString(),
  })
}

export async function signIn(target: Target, marketer: Marketer): Promise<SignedIn> {
  const response = await postLogin(target, marketer.email, marketer.password)
  const cookie = /axon_session=[^;]+/.exec(response.headers.get('set-cookie') ?? '')?.[0]
  if (response.status !== 303 || !cookie) throw new Error(`login as ${marketer.email} answered ${response.status}: ${await response.text()}`)
  const session = await send(target, '/api/v1/session', { headers: { cookie } })
  const { csrfToken } = (await session.json()) as { csrfToken: string }
  const request = (path: string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers)
    headers.set('cookie', cookie)
    if (!headers.has('origin')) headers.set('origin', originOf(target))
    if (!['GET', 'HEAD'].includes((init.method ?? 'GET').toUpperCase()) && !headers.has('x-csrf-token')) headers.set('x-csrf-token', csrfToken)
    return send(target, path, { ...init, headers })
  }
  return { marketer, cookie, csrfToken, request }
}

/** A new account of `role` seeing `campaignIds`, signed in. */
export async function signedInAs(target: Target, db: Db, role: Role = 'admin', campaignIds: CampaignScope = 'all'): Promise<SignedIn> {
  return signIn(target, await createMarketer(db, role, campaignIds))
}

/** A browser page signed in through the login page as a new account of `role` (its own browser context). */
export async function marketerPage(browser: Browser, baseUrl: string, db: Db, role: Role = 'admin'): Promise<{ page: Page; marketer: Marketer }> {
  const marketer = await createMarketer(db, role)
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } })
  const page = await context.newPage()
  await page.goto(`${baseUrl}/login`)
  await page.fill('input[name="email"]', marketer.email)
  await page.fill('input[name="password"]', marketer.password)
  await Promise.all([page.waitForURL((url) => url.pathname !== '/login'), page.click('button[type="submit"]')])
  return { page, marketer }
}
