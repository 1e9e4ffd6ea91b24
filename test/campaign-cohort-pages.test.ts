/**
 * Acceptance 1 of issue 9 for the campaign and cohort pages, in headless Chromium against the
 * analytics app on a free port (real Redis and MariaDB): a signed-in marketer sees the seeded
 * numbers in the charts (read back from the Chart objects, compared with the JSON API), the
 * period picker changes them without a reload and keeps the address shareable, a refused date is
 * shown at its field, the LTV/CAC colour code reads in colour and words. Screenshots of both
 * pages, with data and empty, go to screenshots/.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { config, projectRoot } from '../common/config'
import { refreshCohortSummaries } from '../core/jobs/cohort-summaries'
import { haveChromium, launchChromium } from '../tracker/testing/browser'
import { closeTestClients } from './support/clients'
import { loadDashboardFixture, type DashboardFixture } from './support/dashboard-fixture'
import { testAnalyticsApp } from './support/analytics-app'
import { marketerPage } from './support/marketer'

const analytics = testAnalyticsApp('pages-browser-test')
const screenshots = join(projectRoot, 'screenshots')
let browser: Browser
let baseUrl: string
let page: Page
let f: DashboardFixture
/** a campaign with one activity and nothing bought or seen: the empty states */
let quiet: { campaignId: number; activityId: number }

async function quietCampaign() {
  const [campaign] = await analytics.pool.query('INSERT INTO campaigns (name, budget) VALUES (?, ?)', ['Spring preview', 500_000])
  const campaignId = (campaign as unknown as { insertId: number }).insertId
  const [activity] = await analytics.pool.query(
    `INSERT INTO campaign_activities (campaign_id, name, product_id, price, budget, limit_count, starts_at, ends_at, status)
     VALUES (?, 'Preview rush', ?, 10000, NULL, 50, '2025-11-20 00:00:00', '2025-11-21 00:00:00', 'ENDED')`,
    [campaignId, f.products.p1],
  )
  return { campaignId, activityId: (activity as unknown as { insertId: number }).insertId }
}

beforeAll(async () => {
  f = await loadDashboardFixture(analytics.pool, analytics.redis, analytics.store)
  quiet = await quietCampaign()
  await refreshCohortSummaries(analytics.pool, { timeZone: config.shopTimeZone })
  baseUrl = analytics.serve()
  browser = await launchChromium()
  ;({ page } = await marketerPage(browser, baseUrl, analytics.pool))
  mkdirSync(screenshots, { recursive: true })
})
afterAll(async () => {
  await browser?.close()
  await analytics.close()
  await closeTestClients()
})

/** The JSON API as the signed-in page sees it (same origin, same cookie). */
const api = (path: string) => page.evaluate(async (p) => (await fetch(`/api/v1/dashboard${p}`)).json(), path) as Promise<any>

/** Every dataset's values of the chart on canvas `id`, once Chart.js drew it. */
async function chartData(id: string): Promise<number[][]> {
  await page.waitForFunction((canvasId) => (window as any).Chart?.getChart(document.getElementById(canvasId)), id)
  return page.evaluate((canvasId) => (window as any).Chart.getChart(document.getElementById(canvasId)).data.datasets.map((d: any) => d.data), id)
}

const kpi = (name: string) => page.locator(`[data-kpi="${name}"]`).first().textContent()
const shot = (name: string) => page.screenshot({ path: join(screenshots, `${name}.png`), fullPage: true })
const fixtureDays = 'period=custom&startDate=2025-11-10&endDate=2025-11-11'

describe.skipIf(!haveChromium)('campaign page', () => {
  test('the charts hold the API numbers of the period: funnel, promotion vs normal per day with the baseline', async () => {
    await page.goto(`${baseUrl}/admin/campaigns/${f.campaignId}?${fixtureDays}`)
    const { data } = await api(`/campaign/${f.campaignId}?${fixtureDays}&widgets=overview,funnel,comparison`)
    expect(await chartData('chart-funnel')).toEqual([data.funnel.steps.map((s: any) => s.value)])
    const days = data.comparison.days
    expect(await chartData('chart-comparison-purchases')).toEqual([
      days.map((d: any) => d.promotionPurchases),
      days.map((d: any) => d.normalPurchases),
      days.map(() => data.comparison.baseline.dailyPurchases),
    ])
    expect((await chartData('chart-comparison-revenue'))[0]).toEqual(days.map((d: any) => d.promotionRevenue))
    // as drawn: whole purchases on the count axis, the baseline a line in the legend
    const drawn = await page.evaluate(() => {
      const chart = (window as any).Chart.getChart(document.getElementById('chart-comparison-purchases'))
      return { ticks: chart.scales.y.ticks.map((t: any) => t.value), legend: chart.legend.legendItems.map((i: any) => i.pointStyle) }
    })
    expect(drawn.ticks.length).toBeGreaterThan(1)
    expect(drawn.ticks.every(Number.isInteger)).toBe(true)
    expect(drawn.legend).toEqual(['rect', 'rect', 'line'])
    expect(await kpi('totalVisits')).toBe(String(data.overview.totalVisits))
    await shot('campaign-page')
  })

  test('the period picker swaps in the numbers of another period and keeps the address shareable', async () => {
    await page.goto(`${baseUrl}/admin/campaigns/${f.campaignId}?${fixtureDays}`)
    await chartData('chart-funnel')
    await page.fill('input[name="endDate"]', '2025-11-10')
    await page.click('button[value="custom"]')
    await page.waitForURL((url) => url.search.includes('endDate=2025-11-10'))
    const firstDay = await api(`/campaign/${f.campaignId}?period=custom&startDate=2025-11-10&endDate=2025-11-10&widgets=overview,funnel`)
    await page.waitForFunction((v) => document.querySelector('[data-kpi="totalVisits"]')?.textContent === v, String(firstDay.data.overview.totalVisits))
    expect(await chartData('chart-funnel')).toEqual([firstDay.data.funnel.steps.map((s: any) => s.value)])
    // one chart per canvas: the swapped-out ones were destroyed
    expect(await page.evaluate(() => Object.keys((window as any).Chart.instances).length)).toBe(3)

    await page.click('button[value="30d"]')
    await page.waitForURL((url) => url.search === '?period=30d')
    const recent = await api(`/campaign/${f.campaignId}?period=30d&widgets=overview`)
    await page.waitForFunction((v) => document.querySelector('[data-kpi="totalVisits"]')?.textContent === v, String(recent.data.overview.totalVisits))
    expect(await page.getAttribute('button[value="30d"]', 'aria-pressed')).toBe('true')
    // the address is the page itself: opening it anew shows the same period
    await page.reload()
    expect(await page.getAttribute('button[value="30d"]', 'aria-pressed')).toBe('true')
  })

  test("an end before the start is refused with the API's message at the field; the page stays usable", async () => {
    await page.goto(`${baseUrl}/admin/campaigns/${f.campaignId}?${fixtureDays}`)
    await page.fill('input[name="startDate"]', '2025-11-11')
    await page.fill('input[name="endDate"]', '2025-11-10')
    await page.click('button[value="custom"]')
    await page.waitForSelector('#endDate-error')
    expect(await page.textContent('#endDate-error')).toBe('endDate must not be before startDate')
    expect(await page.getAttribute('input[name="endDate"]', 'aria-invalid')).toBe('true')
    await page.click('button[value="7d"]')
    await page.waitForSelector('#widget-overview')
  })

  test('a campaign without visits or purchases shows its empty states', async () => {
    await page.goto(`${baseUrl}/admin/campaigns/${quiet.campaignId}`)
    expect(await page.getAttribute('#widget-overview', 'data-state')).toBe('empty')
    expect(await page.textContent('#widget-comparison .empty')).toBe('No purchases in this period.')
    await shot('campaign-page-empty')
  })
})

describe.skipIf(!haveChromium)('cohort page', () => {
  const tones = () => page.$$eval('[data-horizon] .ratio', (badges) => badges.map((b) => [b.getAttribute('data-tone'), getComputedStyle(b).backgroundColor, b.textContent?.trim()]))

  test('the LTV vs CAC chart holds the cohort API numbers; the ratios are coloured and worded by band', async () => {
    const days = 'startDate=2025-11-10&endDate=2025-11-11'
    await page.goto(`${baseUrl}/admin/dashboard/cohort/${f.a1}?${days}`)
    const cohort = await api(`/cohort/activity/${f.a1}?${days}`)
    expect(await chartData('chart-ltv-cac')).toEqual([
      [cohort.ltv30d, cohort.ltv90d, cohort.ltv365d, cohort.ltvCurrent],
      [cohort.avgCAC, cohort.avgCAC, cohort.avgCAC, cohort.avgCAC],
    ])
    expect(await kpi('totalCustomers')).toBe(String(cohort.totalCustomers))
    // 700,000 of cost for 40,000 of revenue: below 1, red
    expect(cohort.ltvCacRatioCurrent).toBeLessThan(1)
    const [, red, words] = (await tones())[3]!
    expect(red).toBe('rgb(253, 236, 234)')
    expect(words).toContain('below 1')
    // the retention matrix (30 day columns) scrolls inside its panel; the page keeps its width
    const widths = await page.evaluate(() => {
      const wrap = document.querySelector('table.matrix')!.closest('.table-wrap')!
      return { page: document.documentElement.scrollWidth, window: window.innerWidth, wrap: wrap.clientWidth, matrix: wrap.scrollWidth }
    })
    expect(widths.page).toBeLessThanOrEqual(widths.window)
    expect(widths.matrix).toBeGreaterThan(widths.wrap)
    await shot('cohort-page')
  })

  test('a cheaper acquisition turns the ratio amber, then green', async () => {
    // the cohort costs the activity's own budget; other date ranges are other cache entries
    const withBudget = async (budget: number, days: string) => {
      await analytics.pool.query('UPDATE campaign_activities SET budget = ? WHERE id = ?', [budget, f.a1])
      await page.goto(`${baseUrl}/admin/dashboard/cohort/${f.a1}?${days}`)
      return (await tones())[3]!
    }
    const amber = await withBudget(20_000, 'startDate=2025-11-09&endDate=2025-11-11')
    expect(amber[0]).toBe('amber')
    expect(amber[2]).toContain('1 to 3')
    const green = await withBudget(10_000, 'startDate=2025-11-08&endDate=2025-11-11')
    expect(green[0]).toBe('green')
    expect(green[2]).toContain('above 3')
    expect(new Set([amber[1], green[1]]).size).toBe(2)
    await analytics.pool.query('UPDATE campaign_activities SET budget = NULL WHERE id = ?', [f.a1])
  })

  test('the retention toggle swaps calendar-day retention in and pushes the address', async () => {
    await page.goto(`${baseUrl}/admin/dashboard/cohort/${f.a1}?startDate=2025-11-10&endDate=2025-11-11`)
    await page.click('button[value="calendar"]')
    await page.waitForURL((url) => url.search.includes('retention=calendar'))
    const cohort = await api(`/cohort/activity/${f.a1}?startDate=2025-11-10&endDate=2025-11-11&retention=calendar`)
    expect(await kpi('d1')).toBe(`${cohort.retention.d1}%`)
    expect(await page.getAttribute('button[value="calendar"]', 'aria-pressed')).toBe('true')
  })

  test('an activity without customers shows its empty states', async () => {
    await page.goto(`${baseUrl}/admin/dashboard/cohort/${quiet.activityId}`)
    expect(await page.getAttribute('#widget-cohort-summary', 'data-state')).toBe('empty')
    expect(await page.locator('#widget-ltv').count()).toBe(0)
    await shot('cohort-page-empty')
  })
})
