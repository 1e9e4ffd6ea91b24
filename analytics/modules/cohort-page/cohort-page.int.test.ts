/**
 * The cohort page through the analytics app, on the dashboard fixture summarised by core's cohort
 * job: the page shows the cohort API's numbers for the dates picked (by default the activity's
 * days), the panel fragment pushes the shareable address, refused dates come back at their field,
 * and the CSV downloads hold the API's numbers.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { config } from '../../../common/config'
import { refreshCohortSummaries } from '../../../core/jobs/cohort-summaries'
import { testAnalyticsApp } from '../../../test/support/analytics-app'
import { closeTestClients } from '../../../test/support/clients'
import { loadDashboardFixture, type DashboardFixture } from '../../../test/support/dashboard-fixture'
import { signedInAs, type SignedIn } from '../../../test/support/marketer'

const analytics = testAnalyticsApp('cohort-page-test')
let marketer: SignedIn
let f: DashboardFixture

beforeAll(async () => {
  f = await loadDashboardFixture(analytics.pool, analytics.redis, analytics.store)
  await refreshCohortSummaries(analytics.pool, { timeZone: config.shopTimeZone })
  marketer = await signedInAs(analytics.app, analytics.pool, 'analyst')
})
afterAll(async () => {
  await analytics.close()
  await closeTestClients()
})

const get = (path: string) => marketer.request(path)
const kpi = (markup: string, name: string) => markup.match(new RegExp(`data-kpi="${name}">.*?<strong class="kpi-value">([^<]*)<`))?.[1]
const days = 'startDate=2025-11-10&endDate=2025-11-11'

describe('cohort page', () => {
  test("by default the activity's days: the cohort API's customers, repeat rate and LTV/CAC", async () => {
    const response = await get(`/admin/dashboard/cohort/${f.a1}`)
    expect(response.status).toBe(200)
    const markup = await response.text()
    const cohort = (await (await get(`/api/v1/dashboard/cohort/activity/${f.a1}?${days}`)).json()) as any
    expect(cohort.totalCustomers).toBe(3)
    expect(kpi(markup, 'totalCustomers')).toBe('3')
    expect(kpi(markup, 'repeatPurchaseRate')).toBe(`${cohort.repeatPurchaseRate}%`)
    expect(markup).toContain('name="startDate" value="2025-11-10"')
    expect(markup).toContain('name="endDate" value="2025-11-12"')
    expect(markup).toContain(`<strong>${cohort.ltvCacRatioCurrent.toFixed(2)}</strong>`)
    expect(markup).toContain('id="chart-ltv-cac"')
  })

  test('the panel fragment for other dates and retention mode pushes the address; a period without buyers says so', async () => {
    const response = await get(`/admin/dashboard/cohort/${f.a1}/panel?startDate=2025-12-01&endDate=2025-12-31&retention=calendar`)
    expect(response.headers.get('hx-push-url')).toBe(`/admin/dashboard/cohort/${f.a1}?startDate=2025-12-01&endDate=2025-12-31&retention=calendar`)
    const markup = await response.text()
    expect(markup).toStartWith('<div id="cohort-panel"')
    expect(markup).toContain('No purchases in this period')
    expect(markup).toContain('<input type="hidden" name="retention" value="calendar">')
    const calendar = await (await get(`/admin/dashboard/cohort/${f.a1}/panel?${days}&retention=calendar`)).text()
    expect(calendar).toContain('name="retention" value="calendar" title="N calendar days in the shop time zone" aria-pressed="true"')
  })

  test("a refused date comes back with the API's message at its field (400); an unknown activity is 404", async () => {
    const response = await get(`/admin/dashboard/cohort/${f.a1}/panel?startDate=2025-11-12&endDate=2025-11-10`)
    expect(response.status).toBe(400)
    const { message } = (await (await get(`/api/v1/dashboard/cohort/activity/${f.a1}?startDate=2025-11-12&endDate=2025-11-10`)).json()) as any
    expect(await response.text()).toContain(`<span class="field-error" id="endDate-error">${message}</span>`)
    expect((await get('/admin/dashboard/cohort/999999999')).status).toBe(404)
  })

  test('CSV: LTV per horizon, the retention matrix, the summary, as attachments', async () => {
    const response = await get(`/admin/dashboard/cohort/${f.a1}/csv/ltv?${days}`)
    expect(response.headers.get('content-disposition')).toBe(`attachment; filename="cohort-${f.a1}-ltv-2025-11-10-2025-11-11.csv"`)
    const cohort = (await (await get(`/api/v1/dashboard/cohort/activity/${f.a1}?${days}`)).json()) as any
    const rows = (await response.text()).replace(/^\uFEFF/, '').trim().split('\r\n')
    expect(rows[1]).toBe(`30 days,${cohort.ltv30d},${cohort.avgCAC},${cohort.ltvCacRatio30d ?? ''}`)
    const matrix = (await (await get(`/admin/dashboard/cohort/${f.a1}/csv/retention-matrix?${days}`)).text()).trim().split('\r\n')
    expect(matrix.length).toBe(cohort.retentionMatrix.length + 1)
    expect((await get(`/admin/dashboard/cohort/${f.a1}/csv/summary?${days}`)).status).toBe(200)
  })
})
