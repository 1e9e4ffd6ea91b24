/**
 * The activity dashboard in headless Chromium, signed in as an analyst, on the real Redis and
 * MariaDB: its charts hold the JSON API's numbers (read back from the Chart objects), a purchase
 * made through the gateway moves stock and purchases on the open page within 2 s without a
 * reload, and the page with data and empty is written to screenshots/ for people to look at.
 */
import { afterAll, beforeAll, expect, test } from 'bun:test'
import { mkdirSync } from 'node:fs'
import { randomUUID } from 'node:crypto'
import type { Browser, Page } from 'playwright-core'
import { createLogger } from '../common/log'
import { projectRoot } from '../common/config'
import { groups } from '../common/topics'
import { startCommandWorkers, type CommandWorkerPool } from '../core/workers/pool'
import { haveChromium, launchChromium } from '../tracker/testing/browser'
import { testAnalyticsApp } from './support/analytics-app'
import { closeTestClients } from './support/clients'
import { closeCoreTestClients, freshUserIds, testCoreApp } from './support/core-app'
import { loadDashboardFixture, type DashboardFixture } from './support/dashboard-fixture'
import { startTestGateway } from './support/gateway'
import { marketerPage } from './support/marketer'

/** store reads that fail on purpose (by method name), for the error state */
const failing = new Set<string>()
const analytics = testAnalyticsApp('activity-dashboard-browser', {
  store: (real) =>
    new Proxy(real, {
      get(target, name, receiver) {
        const value = Reflect.get(target, name, receiver)
        if (typeof value !== 'function') return value
        return (...args: unknown[]) => (failing.has(String(name)) ? Promise.reject(new Error(`${String(name)} is down`)) : value.apply(target, args))
      },
    }),
})
const core = testCoreApp()
const commandTopic = `test.command.${randomUUID()}`
const gateway = startTestGateway({ redis: core.redis, commandOutbox: commandTopic })
const screenshots = `${projectRoot}/screenshots`
let workers: CommandWorkerPool
let browser: Browser
let base: string
let fixture: DashboardFixture

beforeAll(async () => {
  if (!haveChromium) throw new Error('this browser test needs /usr/bin/chromium (./axon test installs it)')
  workers = startCommandWorkers({
    size: 1,
    settings: { topic: commandTopic, group: groups.coreCommandWorkers, eventTopic: `test.event.raw.${randomUUID()}`, batchSize: 50, maxDeliveries: 5, reclaimIdleMs: 5000, concurrency: 4 },
    log: createLogger({}, 'error'),
  })
  fixture = await loadDashboardFixture(analytics.pool, analytics.redis, analytics.store)
  await workers.ready()
  base = analytics.serve()
  browser = await launchChromium()
  mkdirSync(screenshots, { recursive: true })
})
afterAll(async () => {
  await browser?.close()
  analytics.app.closeLiveStreams()
  await workers?.stop()
  await gateway.stop()
  await analytics.close()
  await closeCoreTestClients()
  await closeTestClients()
})

const chartData = (page: Page, id: string) =>
  page.evaluate((canvasId) => {
    const chart = (window as any).Chart.getChart(canvasId)
    return chart ? { labels: chart.data.labels, data: chart.data.datasets.map((d: any) => d.data) } : null
  }, id)
const kpiText = (page: Page, name: string) => page.textContent(`[data-kpi="${name}"] .kpi-value`)
const api = (page: Page, path: string) => page.evaluate((url) => fetch(url).then((r) => r.json()), `/api/v1/dashboard${path}`) as Promise<any>

async function openDashboard(activityId: number): Promise<Page> {
  const { page } = await marketerPage(browser, base, analytics.pool, 'analyst')
  const failures: string[] = []
  page.on('pageerror', (error) => failures.push(String(error)))
  page.on('console', (message) => message.type() === 'error' && failures.push(message.text()))
  await page.goto(`${base}/admin/dashboard/${activityId}`)
  await page.waitForFunction(() => (window as any).Chart?.getChart('chart-funnel') !== undefined)
  ;(page as any).failures = failures
  return page
}

test('the charts hold the numbers of the JSON API', async () => {
  const page = await openDashboard(fixture.a1)
  const expected = await api(page, `/activity/${fixture.a1}`)
  expect(await chartData(page, 'chart-funnel')).toEqual({ labels: ['VISIT', 'CLICK', 'APPROVED', 'PURCHASE'], data: [expected.funnel.steps.map((s: any) => s.value)] })
  expect((await chartData(page, 'chart-people-funnel'))!.data).toEqual([expected.peopleFunnel.steps.map((s: any) => s.people)])
  const segments = await api(page, `/activity/${fixture.a1}/segments`)
  expect(await chartData(page, 'chart-segments-grade')).toEqual({ labels: segments.byGrade.map((g: any) => g.grade), data: [segments.byGrade.map((g: any) => g.revenue)] })
  const hourly = await api(page, `/activity/${fixture.a1}/hourly`)
  const views = (await chartData(page, 'chart-hourly'))!
  expect(views.data.flat().reduce((a: number, b: number) => a + b, 0)).toBe(
    hourly.hours.reduce((sum: number, h: any) => sum + Object.values(h.counts as Record<string, number>).reduce((a, b) => a + b, 0), 0),
  )
  const comparison = (await chartData(page, 'chart-comparison-purchases'))!
  expect(comparison.labels.length).toBeGreaterThan(7)
  expect(await kpiText(page, 'purchases')).toBe(String(expected.overview.purchaseCount))
  expect(await page.isVisible('.widget-error')).toBe(false)
  expect((page as any).failures).toEqual([])
  await page.screenshot({ path: `${screenshots}/activity-dashboard.png`, fullPage: true })
  await page.context().close()
}, 30_000)

test('a purchase through the gateway moves stock and purchases on the open page within 2 s, without a reload', async () => {
  const { activity } = await core.openActivity({ limit: 20, price: 39_000 })
  const page = await openDashboard(activity.id)
  expect(await page.textContent('#live .empty')).toContain('No visits yet')
  await page.screenshot({ path: `${screenshots}/activity-dashboard-empty.png`, fullPage: true })
  await page.evaluate(() => ((window as any).sameDocument = true))
  await page.waitForFunction(() => document.querySelector('#live')?.getAttribute('data-live') === 'connected')
  expect(await kpiText(page, 'stock')).toBe('20')
  expect(await kpiText(page, 'purchases')).toBe('0')

  const [userId] = freshUserIds(1)
  const reserved = (await (await gateway.reserve(activity.id, userId!)).json()) as { token: string }
  const started = Date.now()
  expect((await gateway.confirm(reserved.token, userId!, { amount: 39_000 })).status).toBe(200)
  await page.waitForFunction(
    () => document.querySelector('[data-kpi="stock"] .kpi-value')?.textContent === '19' && document.querySelector('[data-kpi="purchases"] .kpi-value')?.textContent === '1',
    undefined,
    { timeout: 2000 },
  )
  expect(Date.now() - started).toBeLessThan(2000)
  expect(await page.evaluate(() => (window as any).sameDocument)).toBe(true)
  expect((await chartData(page, 'chart-funnel'))!.data[0]![3]).toBe(1)
  expect((page as any).failures).toEqual([])
  await page.screenshot({ path: `${screenshots}/activity-dashboard-live.png`, fullPage: true })
  await page.context().close()
}, 30_000)

test('a widget whose numbers cannot be read shows its error in its own panel; the other charts draw', async () => {
  failing.add('hourlyCounts')
  try {
    // the other activity: a1's hourly answer (a closed period) is cached since the first test
    const page = await openDashboard(fixture.a2)
    expect(await page.getAttribute('#hourly', 'data-state')).toBe('error')
    expect(await page.textContent('#hourly .widget-error')).toContain('could not be loaded just now')
    expect(await page.locator('.widget-error').count()).toBe(1)
    expect((await chartData(page, 'chart-people-funnel'))!.data[0]!.length).toBe(4)
    expect((page as any).failures).toEqual([])
    await page.screenshot({ path: `${screenshots}/activity-dashboard-error.png`, fullPage: true })
    await page.context().close()
  } finally {
    failing.clear()
  }
}, 30_000)
