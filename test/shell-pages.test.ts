/**
 * Acceptance 1 and 2 of issue 9 for the app's shell, in headless Chromium against the analytics
 * app on a free port (real Redis and MariaDB, core's real admin app behind the forms): log in,
 * the campaign list, a campaign created through the form appears in it, a campaign named
 * `<script>alert(1)</script>` is text, an analyst sees no edit buttons, the jobs page. No page
 * breaks the content security policy. Screenshots with data and empty go to screenshots/.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { projectRoot } from '../common/config'
import { createLogger } from '../common/log'
import { mysqlJobRuns } from '../core/jobs/job-runs'
import { haveChromium, launchChromium } from '../tracker/testing/browser'
import { emptyDatabase, testAnalyticsApp } from './support/analytics-app'
import { closeTestClients } from './support/clients'
import { createMarketer, marketerPage } from './support/marketer'

const screenshots = join(projectRoot, 'screenshots')
const analytics = testAnalyticsApp('shell-browser-test')
let empty: Awaited<ReturnType<typeof emptyDatabase>>
let quiet: ReturnType<typeof testAnalyticsApp>
let browser: Browser
let baseUrl: string
let emptyUrl: string
/** what the pages wrote to the console as errors (a CSP refusal among them) */
const consoleErrors: string[] = []

/** the form's own submit button (the logout button in the top bar is one too) */
const submit = 'form.stacked button[type="submit"]'
const shot = (page: Page, name: string) => page.screenshot({ path: join(screenshots, `${name}.png`), fullPage: true })

function watch(page: Page): Page {
  // a refused form or a wrong password answers 4xx on purpose; a script, style or fetch that fails does not
  page.on('response', (r) => r.status() >= 400 && r.request().resourceType() !== 'document' && consoleErrors.push(`${r.status()} ${r.url()}`))
  page.on('console', (m) => m.type() === 'error' && !m.text().startsWith('Failed to load resource') && consoleErrors.push(`${page.url()}: ${m.text()}`))
  page.on('pageerror', (e) => consoleErrors.push(`${page.url()}: ${e.message}`))
  page.on('dialog', (d) => {
    consoleErrors.push(`a dialog opened: ${d.message()}`)
    void d.dismiss()
  })
  return page
}

async function signedInPage(url: string, pool = analytics.pool, role: 'admin' | 'analyst' = 'admin') {
  const { page } = await marketerPage(browser, url, pool, role)
  return watch(page)
}

beforeAll(async () => {
  empty = await emptyDatabase('axon_shell_empty')
  // core on the empty database too, scheduling its jobs as core's main.ts does: none has run yet
  const scheduled = mysqlJobRuns(analytics.pool, createLogger({}, 'error'))
  for (const job of ['warm eligibility verdicts', 'retire ended activities', 'cohort summaries']) scheduled.schedule(job, 60_000)
  quiet = testAnalyticsApp('shell-browser-empty', { mysqlUrl: empty.url, jobRuns: scheduled })
  baseUrl = analytics.serve()
  emptyUrl = quiet.serve()
  // a campaign with a live activity and shoppers in it, and a finished job, for the pages with data
  await analytics.core.openActivity()
  await analytics.pool.query("INSERT INTO job_runs (job, started_at, finished_at, rows_processed) VALUES ('cohort-summaries', NOW(3) - INTERVAL 2 SECOND, NOW(3), 420)")
  browser = await launchChromium()
  mkdirSync(screenshots, { recursive: true })
})
afterAll(async () => {
  await browser?.close()
  await Promise.all([analytics.close(), quiet?.close()])
  await empty?.drop()
  await closeTestClients()
})

describe.skipIf(!haveChromium)('the marketer\'s shell in a browser', () => {
  test('a page opened without a session goes to the login page and, once logged in, back where it was going', async () => {
    const marketer = await createMarketer(analytics.pool, 'analyst')
    const page = watch(await (await browser.newContext()).newPage())
    await page.goto(`${baseUrl}/admin/jobs`)
    expect(new URL(page.url()).pathname).toBe('/login')
    await shot(page, 'login')
    await page.fill('input[name="email"]', marketer.email)
    await page.fill('input[name="password"]', 'not the password')
    await page.click('button[type="submit"]')
    await expect(page.locator('[role="alert"]').textContent()).resolves.toBe('Wrong email or password.')
    await shot(page, 'login-wrong-password')
    await page.fill('input[name="password"]', marketer.password)
    await Promise.all([page.waitForURL(`${baseUrl}/admin/jobs`), page.click('button[type="submit"]')])
    expect(await page.locator('.who-email').textContent()).toBe(marketer.email)
    await page.context().close()
  })

  test('a campaign created through the form appears in the list', async () => {
    const page = await signedInPage(baseUrl)
    expect(new URL(page.url()).pathname).toBe('/admin/campaigns')
    await page.click('text=New campaign')
    await page.fill('input[name="budget"]', '-10')
    await page.click(submit)
    await expect(page.locator('#err-name').textContent()).resolves.toBe('is required')
    await expect(page.locator('#err-budget').textContent()).resolves.toBe('must be at least 0')
    await shot(page, 'campaign-form-refused')
    const name = `설날 선물 세트 ${crypto.randomUUID().slice(0, 4)}`
    await page.fill('input[name="name"]', name)
    await page.fill('textarea[name="description"]', 'Gift sets, three days')
    await page.fill('input[name="budget"]', '2500000')
    await Promise.all([page.waitForURL(/\/admin\/campaigns\?notice=campaign-created$/), page.click(submit)])
    const row = page.locator('tr', { has: page.locator(`a:text-is("${name}")`) })
    await expect(row.locator('td').nth(4).textContent()).resolves.toBe('₩2,500,000')
    await expect(page.locator('.notice').textContent()).resolves.toBe('Campaign created.')
    await shot(page, 'campaigns')
    await page.goto(`${baseUrl}/admin/campaigns/new`)
    await shot(page, 'campaign-form')
    await page.context().close()
  })

  test('a campaign named <script>alert(1)</script> shows as its name, and runs nothing', async () => {
    const page = await signedInPage(baseUrl)
    await page.goto(`${baseUrl}/admin/campaigns/new`)
    await page.fill('input[name="name"]', '<script>alert(1)</script>')
    await Promise.all([page.waitForURL(/notice=campaign-created/), page.click(submit)])
    await expect(page.locator('td a', { hasText: '<script>alert(1)</script>' }).first().isVisible()).resolves.toBe(true)
    // the list refreshes itself: the name stays text in the swapped-in table too
    await page.evaluate(() => (window as any).htmx.ajax('GET', '/admin/campaigns?fragment=table', { target: '#campaign-table', swap: 'innerHTML' }))
    await expect(page.locator('td a', { hasText: '<script>alert(1)</script>' }).first().isVisible()).resolves.toBe(true)
    expect(consoleErrors.filter((e) => e.includes('dialog'))).toEqual([])
    await page.context().close()
  })

  test('an analyst sees the list without create or edit buttons', async () => {
    const page = await signedInPage(baseUrl, analytics.pool, 'analyst')
    await expect(page.locator('a:text-is("New campaign")').count()).resolves.toBe(0)
    await expect(page.locator('a:text-is("Edit")').count()).resolves.toBe(0)
    await expect(page.locator('.badge.role-analyst').textContent()).resolves.toBe('analyst')
    await shot(page, 'campaigns-analyst')
    await page.context().close()
  })

  test('activity and product forms, and the jobs page', async () => {
    const page = await signedInPage(baseUrl)
    const { body: campaign } = await analytics.core.call('POST', '/api/v1/admin/campaigns', { name: 'Forms tour' })
    await page.goto(`${baseUrl}/admin/campaigns/${campaign.id}/activities/new`)
    await shot(page, 'activity-form')
    await page.goto(`${baseUrl}/admin/products`)
    await shot(page, 'products')
    await page.goto(`${baseUrl}/admin/jobs`)
    await expect(page.locator('tr', { hasText: 'cohort-summaries' }).first().locator('.badge').textContent()).resolves.toBe('OK')
    await shot(page, 'jobs')
    await page.context().close()
  })

  test('empty: no campaigns, no products, no jobs yet', async () => {
    const page = await signedInPage(emptyUrl, quiet.pool)
    await expect(page.locator('.empty strong').textContent()).resolves.toBe('No campaigns yet')
    await shot(page, 'campaigns-empty')
    await page.goto(`${emptyUrl}/admin/jobs`)
    // the jobs of an empty database: scheduled, none run (not another database's runs)
    await expect(page.locator('tbody tr').count()).resolves.toBe(3)
    await expect(page.locator('tbody .badge').allTextContents()).resolves.toEqual(['Not run yet', 'Not run yet', 'Not run yet'])
    await expect(page.locator('tbody').textContent()).resolves.toContain('every 1 min')
    await shot(page, 'jobs-empty')
    await page.context().close()
  })

  test('logging out ends the session: the pages send the browser to login again', async () => {
    const page = await signedInPage(baseUrl)
    await Promise.all([page.waitForURL(/\/login\?out=1$/), page.click('text=Log out')])
    await expect(page.locator('.notice').textContent()).resolves.toBe('You are logged out.')
    await page.goto(`${baseUrl}/admin/campaigns`)
    expect(new URL(page.url()).pathname).toBe('/login')
    await page.context().close()
  })

  test('no page broke the content security policy or threw', () => {
    expect(consoleErrors).toEqual([])
  })
})
