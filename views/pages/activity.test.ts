import { expect, test } from 'bun:test'
import { activityPage } from './activity'
import { filledHours, shopHour } from './activity-charts'
import type { ActivityPageData } from './activity-data'
import { formatsFor } from '../format'

const shop = { locale: 'ko-KR', currency: 'KRW', timeZone: 'Asia/Seoul' }
const f = formatsFor(shop)
const steps = (values: number[]) => ['VISIT', 'CLICK', 'APPROVED', 'PURCHASE'].map((name, i) => ({ name, value: values[i]!, rate: 0 })) as any

function emptyActivity(name = 'Knit rush'): ActivityPageData {
  const zero = { totalVisits: 0, totalClicks: 0, approvedCount: 0, purchaseCount: 0, revenue: 0, conversionRate: 0 }
  return {
    activity: { id: 5, name, campaignId: 2, startsAt: new Date('2026-12-01T00:00:00Z'), endsAt: new Date('2026-12-03T00:00:00Z'), limit: 100 },
    campaign: { id: 2, name: '겨울 세일' },
    live: { ok: true, value: { overview: zero, funnel: { steps: steps([0, 0, 0, 0]), overallRate: 0 }, realtime: { remainingStock: 100, participantCount: 0, activeUsers: 0, lastUpdated: '' }, limit: 100 } },
    people: { ok: true, value: { steps: steps([0, 0, 0, 0]).map((s: any) => ({ ...s, people: 0 })), timeToConvert: [], calculatedAt: '2026-12-02T00:00:00Z' } },
    comparison: { ok: true, value: { days: [], baseline: { dailyPurchases: 0, dailyRevenue: 0, from: null, to: null }, startDate: '', endDate: '' } },
    hourly: { ok: true, value: { from: '', to: '', hours: [] } },
    segments: { ok: true, value: { byGrade: [], byCustomerType: [] } },
    costs: { ok: true, value: undefined },
    asOf: new Date('2026-12-02T10:00:00Z'),
  }
}

test('an activity without visits says so in the live part and in every chart, and links its cohort page', () => {
  const page = activityPage(emptyActivity(), f, shop).value
  expect(page).toContain('No visits yet. The numbers move here as soon as shoppers arrive.')
  expect(page.match(/data-empty="true"/g)?.length).toBeGreaterThanOrEqual(3)
  expect(page).toContain('No holds or purchases yet')
  expect(page).toContain('href="/admin/dashboard/cohort/5"')
  expect(page).not.toContain('widget-error')
})

test('a failed widget shows its own error and the other widgets still render; the name is text', () => {
  const data = { ...emptyActivity('<script>alert(1)</script>'), segments: { ok: false, message: 'down' } as const, live: { ok: false, message: 'down' } as const }
  const page = activityPage(data, f, shop).value
  expect(page).toContain('The segments could not be loaded just now')
  expect(page).toContain('The funnel could not be loaded just now')
  expect(page).toContain('Live numbers are unavailable')
  expect(page).toContain('id="chart-hourly"')
  expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
  expect(page).not.toContain('<script>alert(1)')
})

test('hours without events are 0 between the first and last, and read in the shop time zone', () => {
  const filled = filledHours([
    { hour: '2026-12-02T03:00:00.000Z', counts: { CLICK: 1 } },
    { hour: '2026-12-02T00:00:00.000Z', counts: { PAGE_VIEW: 4 } },
  ])
  expect(filled.map((h) => h.hour.slice(11, 13))).toEqual(['00', '01', '02', '03'])
  expect(filled[1]!.counts).toEqual({})
  expect(shopHour('2026-12-02T15:00:00.000Z', 'Asia/Seoul')).toBe('12-03 00:00')
})


test('the breadcrumb names the campaign, not its id', () => {
  const page = activityPage(emptyActivity(), f, shop).value
  const crumbs = page.slice(page.indexOf('<nav class="breadcrumb"'), page.indexOf('</nav>'))
  expect(crumbs).toContain('<a href="/admin/campaigns/2">겨울 세일</a>')
  expect(crumbs).not.toMatch(/Campaign 2|Activity 5/)
})
