/**
 * The campaign page through the analytics app, on the hand-computed dashboard fixture: the page and
 * its fragment show the JSON API's numbers for the period picked, the fragment pushes the page's
 * shareable address, refused dates come back at their field, and the CSV downloads hold the API's
 * numbers unformatted.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { testAnalyticsApp } from '../../../test/support/analytics-app'
import { closeTestClients } from '../../../test/support/clients'
import { loadDashboardFixture, type DashboardFixture } from '../../../test/support/dashboard-fixture'
import { signedInAs, type SignedIn } from '../../../test/support/marketer'

const analytics = testAnalyticsApp('campaign-page-test')
let marketer: SignedIn
let f: DashboardFixture

beforeAll(async () => {
  f = await loadDashboardFixture(analytics.pool, analytics.redis, analytics.store)
  marketer = await signedInAs(analytics.app, analytics.pool, 'analyst')
})
afterAll(async () => {
  await analytics.close()
  await closeTestClients()
})

const get = (path: string, headers: Record<string, string> = {}) => marketer.request(path, { headers })
const fixtureDays = 'period=custom&startDate=2025-11-10&endDate=2025-11-11'
const kpi = (markup: string, name: string) => markup.match(new RegExp(`data-kpi="${name}">.*?<strong class="kpi-value">([^<]*)<`))?.[1]

async function api(path: string) {
  return (await (await get(`/api/v1/dashboard${path}`)).json()) as any
}

describe('campaign page', () => {
  test("shows the JSON API's numbers for the period picked, the activities and the live panel", async () => {
    const response = await get(`/admin/campaigns/${f.campaignId}?${fixtureDays}`)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toStartWith('text/html')
    const markup = await response.text()
    const { data } = await api(`/campaign/${f.campaignId}?${fixtureDays}&widgets=overview`)
    expect(data.overview.totalVisits).toBe(10)
    expect(kpi(markup, 'totalVisits')).toBe(String(data.overview.totalVisits))
    expect(kpi(markup, 'purchaseCount')).toBe(String(data.overview.purchaseCount))
    expect(kpi(markup, 'revenue')).toBe('₩90,000')
    expect(markup).toContain(`<a href="/admin/dashboard/${f.a1}">Knit rush</a>`)
    expect(markup).toContain(`href="/admin/dashboard/cohort/${f.a2}"`)
    const live = await api(`/campaign/${f.campaignId}?widgets=realtime`)
    expect(kpi(markup, 'remainingStock')).toBe(String(live.data.realtime.remainingStock))
    for (const id of ['widget-overview', 'widget-funnel', 'widget-comparison', 'widget-segments', 'widget-costs'])
      expect(markup).toContain(`id="${id}" data-state="data"`)
  })

  test('the period fragment answers a swap with the numbers of the new period and pushes the shareable address', async () => {
    const response = await get(`/admin/campaigns/${f.campaignId}/dashboard?period=custom&startDate=2025-11-10&endDate=2025-11-10`, { 'hx-request': 'true' })
    expect(response.status).toBe(200)
    expect(response.headers.get('hx-push-url')).toBe(`/admin/campaigns/${f.campaignId}?period=custom&startDate=2025-11-10&endDate=2025-11-10`)
    const markup = await response.text()
    expect(markup).toStartWith('<div id="campaign-dashboard"')
    expect(kpi(markup, 'totalVisits')).toBe('7')
    // the preset buttons send the date fields too: they are dropped from the address
    const preset = await get(`/admin/campaigns/${f.campaignId}/dashboard?startDate=2025-11-10&endDate=&period=30d`)
    expect(preset.headers.get('hx-push-url')).toBe(`/admin/campaigns/${f.campaignId}?period=30d`)
    const quiet = await (await get(`/admin/campaigns/${f.campaignId}/dashboard?period=custom&startDate=2020-01-01&endDate=2020-01-02`)).text()
    expect(quiet).toContain('No visits yet in this period.')
    expect(quiet).toContain('No purchases in this period.')
  })

  test("a date the API refuses comes back with the API's message at its field (400)", async () => {
    const response = await get(`/admin/campaigns/${f.campaignId}/dashboard?period=custom&startDate=2025-11-10&endDate=2025-11-09`)
    expect(response.status).toBe(400)
    const { message } = await api(`/campaign/${f.campaignId}?period=custom&startDate=2025-11-10&endDate=2025-11-09`)
    const markup = await response.text()
    expect(markup).toContain(`<span class="field-error" id="endDate-error">${message}</span>`)
    const missing = await (await get(`/admin/campaigns/${f.campaignId}?period=custom&endDate=2025-11-09`)).text()
    expect(missing).toContain('startDate is required when period is custom')
  })

  test('without a session the page sends to the login and its parts answer nothing', async () => {
    const anonymous = await analytics.app.handle(new Request(`http://localhost/admin/campaigns/${f.campaignId}?period=30d`))
    expect(anonymous.status).toBe(303)
    expect(anonymous.headers.get('location')).toBe(`/login?next=${encodeURIComponent(`/admin/campaigns/${f.campaignId}?period=30d`)}`)
    const csv = await analytics.app.handle(new Request(`http://localhost/admin/campaigns/${f.campaignId}/csv/costs`))
    expect(csv.status).toBe(303)
  })

  test('a campaign without activities yet shows the page with its empty states', async () => {
    const [made] = await analytics.pool.query("INSERT INTO campaigns (name, budget) VALUES ('Just made', 0)")
    const response = await get(`/admin/campaigns/${(made as unknown as { insertId: number }).insertId}`)
    expect(response.status).toBe(200)
    const markup = await response.text()
    expect(markup).toContain('This campaign has no activities yet.')
    expect(markup).toContain('No visits yet in this period.')
    expect(markup).toContain('id="widget-costs" data-state="empty"')
  })

  test('an unknown campaign is 404', async () => {
    expect((await get('/admin/campaigns/999999999')).status).toBe(404)
    expect((await get('/admin/campaigns/999999999/dashboard?period=1d')).status).toBe(404)
  })
})

describe('CSV downloads', () => {
  test("every chart's data as an attachment, the API's numbers unformatted", async () => {
    const response = await get(`/admin/campaigns/${f.campaignId}/csv/comparison?${fixtureDays}`)
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    expect(response.headers.get('content-disposition')).toBe(`attachment; filename="campaign-${f.campaignId}-comparison-custom.csv"`)
    const rows = (await response.text()).replace(/^\uFEFF/, '').trim().split('\r\n')
    const api = (await (await get(`/api/v1/dashboard/campaign/${f.campaignId}/comparison?${fixtureDays}`)).json()) as any
    expect(rows.length).toBe(api.days.length + 1)
    const day = api.days[1]
    expect(rows[2]).toBe(`${day.date},${day.promotionPurchases},${day.promotionRevenue},${day.normalPurchases},${day.normalRevenue},${api.baseline.dailyPurchases},${api.baseline.dailyRevenue}`)
    for (const chart of ['overview', 'funnel', 'segments', 'costs']) {
      const csv = await get(`/admin/campaigns/${f.campaignId}/csv/${chart}?${fixtureDays}`)
      expect({ chart, status: csv.status }).toEqual({ chart, status: 200 })
    }
  })

  test('an unknown chart or a bad period answers 400 INVALID_PARAMETER', async () => {
    const unknown = await get(`/admin/campaigns/${f.campaignId}/csv/weather`)
    expect(unknown.status).toBe(400)
    expect(((await unknown.json()) as any).parameter).toBe('chart')
    const bad = await get(`/admin/campaigns/${f.campaignId}/csv/funnel?period=custom&startDate=x&endDate=2025-11-09`)
    expect(((await bad.json()) as any).parameter).toBe('startDate')
  })
})
