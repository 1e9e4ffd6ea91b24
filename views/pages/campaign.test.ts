import { describe, expect, test } from 'bun:test'
import type { Comparison } from '../../analytics/dashboards/comparison'
import type { Costs } from '../../analytics/dashboards/costs'
import type { Segments } from '../../analytics/dashboards/segments'
import { comparisonCsv, costsCsv, funnelCsv } from '../charts/campaign-csv'
import type { CampaignWidgets, Figures } from '../partials/campaign-dashboard'
import { campaignPage, type CampaignPageView } from './campaign'

/** The value of the KPI card the API field `name` fills. */
const kpiValue = (markup: string, name: string) => new RegExp(`data-kpi="${name}">.*?<strong class="kpi-value">([^<]*)<`).exec(markup)?.[1]

const figures: Figures = {
  overview: { totalVisits: 1200, totalClicks: 300, totalParticipants: 80, approvedCount: 90, purchaseCount: 60, revenue: 3_000_000, conversionRate: 5 },
  funnel: {
    steps: [
      { name: 'VISIT', value: 1200, rate: 100 },
      { name: 'CLICK', value: 300, rate: 25 },
      { name: 'APPROVED', value: 90, rate: 30 },
      { name: 'PURCHASE', value: 60, rate: 66.7 },
    ],
    overallRate: 5,
  },
}
const comparison: Comparison = {
  days: [
    { date: '2025-11-10', promotionPurchases: 40, promotionRevenue: 2_000_000, normalPurchases: 3, normalRevenue: 36_000 },
    { date: '2025-11-11', promotionPurchases: 20, promotionRevenue: 1_000_000, normalPurchases: 5, normalRevenue: 60_000 },
  ],
  baseline: { dailyPurchases: 4.5, dailyRevenue: 54_000, from: '2025-10-13T00:00:00.000Z', to: '2025-11-10T00:00:00.000Z' },
}
const segments: Segments = {
  byGrade: [{ grade: 'GOLD', purchases: 60, revenue: 3_000_000, approved: 90, conversionRate: 66.67 }],
  byCustomerType: [
    { customerType: 'NEW', purchases: 50, revenue: 2_500_000, approved: 70, conversionRate: 71.43 },
    { customerType: 'RETURNING', purchases: 10, revenue: 500_000, approved: 20, conversionRate: 50 },
  ],
}
const efficiency = { cost: 700_000, revenue: 3_000_000, purchases: 60, customers: 55, cac: 12_727.27, roas: 4.29 }
const costs: Costs = {
  campaignBudget: 1_000_000,
  activities: [{ activityId: 7, activityName: '=HYPERLINK("http://evil")', ownBudget: null, ...efficiency }],
  total: efficiency,
}

const ok = <T>(value: T) => ({ ok: true as const, value })
const widgets: CampaignWidgets = {
  ok: true,
  range: { from: '2025-11-10T00:00:00.000Z', to: '2025-11-12T00:00:00.000Z' },
  figures: ok(figures),
  comparison: ok(comparison),
  segments: ok(segments),
  costs: ok(costs),
}
const activity = { id: 7, campaignId: 3, name: 'Knit rush', productId: 1, limit: 100, budget: null, startsAt: new Date('2025-11-10T00:00:00Z'), endsAt: new Date('2025-11-12T00:00:00Z') }

function page(over: Partial<CampaignPageView> = {}): string {
  return campaignPage({
    campaign: { id: 3, name: 'Winter sale', budget: 1_000_000 },
    activities: [activity],
    campaignId: 3,
    picked: { period: '30d' },
    periodQuery: '?period=30d',
    widgets,
    realtime: ok({ remainingStock: 40, participantCount: 80, activeUsers: 12, lastUpdated: '2025-11-11T03:00:00.000Z' }),
    canEdit: false,
    ...over,
  }).value
}

/** The Chart.js spec in the JSON block the canvas `id` names. */
function chartSpec(markup: string, id: string) {
  const start = markup.indexOf(`id="${id}-config">`)
  expect(start).toBeGreaterThan(-1)
  const from = markup.indexOf('>', start) + 1
  return JSON.parse(markup.slice(from, markup.indexOf('</script>', from)))
}

const state = (markup: string, id: string) => markup.match(new RegExp(`id="${id}" data-state="(\\w+)"`))?.[1]

describe('campaign page', () => {
  test('lists the activities with links to their dashboards and cohorts, and the live numbers', () => {
    const markup = page()
    expect(markup).toContain('<a href="/admin/dashboard/7">Knit rush</a>')
    expect(markup).toContain('href="/admin/dashboard/cohort/7"')
    expect(kpiValue(markup, 'remainingStock')).toBe('40')
    expect(markup).toContain('hx-get="/admin/campaigns/3/realtime" hx-trigger="every 5s"')
  })

  test('an admin gets the edit and add-activity links, an analyst none', () => {
    const links = ['href="/admin/campaigns/3/edit"', 'href="/admin/campaigns/3/activities/new"', 'href="/admin/activities/7/edit"']
    const admin = page({ canEdit: true })
    for (const link of links) expect(admin).toContain(link)
    const analyst = page()
    for (const link of links) expect(analyst).not.toContain(link)
  })

  test('charts carry the numbers: the funnel steps, promotion vs normal per day and the flat baseline', () => {
    const markup = page()
    expect(chartSpec(markup, 'chart-funnel').chart.data.datasets[0].data).toEqual([1200, 300, 90, 60])
    const purchases = chartSpec(markup, 'chart-comparison-purchases').chart.data
    expect(purchases.labels).toEqual(['2025-11-10', '2025-11-11'])
    expect(purchases.datasets.map((d: { data: number[] }) => d.data)).toEqual([[40, 20], [3, 5], [4.5, 4.5]])
    const revenue = chartSpec(markup, 'chart-comparison-revenue')
    expect(revenue.valueFormat).toEqual({ locale: 'ko-KR', currency: 'KRW' })
    expect(revenue.chart.data.datasets[2].data).toEqual([54_000, 54_000])
  })

  test('money in the shop currency, the CSV links keep the period', () => {
    const markup = page()
    expect(kpiValue(markup, 'revenue')).toBe('₩3,000,000')
    expect(markup).toContain('href="/admin/campaigns/3/csv/comparison?period=30d"')
  })

  test('the period picker: presets and custom dates, the chosen one pressed, swapping the dashboard fragment', () => {
    const markup = page()
    expect(markup).toContain('action="/admin/campaigns/3" method="get"')
    expect(markup).toContain('hx-get="/admin/campaigns/3/dashboard" hx-target="#campaign-dashboard" hx-swap="outerHTML"')
    expect(markup).toContain('name="period" value="30d" aria-pressed="true"')
    expect(markup).toContain('name="period" value="7d" aria-pressed="false"')
  })

  test('a date the API refused is shown next to its field and no numbers are shown', () => {
    const message = 'endDate must not be before startDate'
    const markup = page({
      picked: { period: 'custom', startDate: '2025-11-10', endDate: '2025-11-01' },
      widgets: { ok: false, error: { parameter: 'endDate', message } },
    })
    expect(markup).toContain(`<input type="date" name="endDate" value="2025-11-01" aria-invalid="true" aria-describedby="endDate-error">`)
    expect(markup).toContain(`<span class="field-error" id="endDate-error">${message}</span>`)
    expect(markup).toContain('Pick a valid period')
    expect(markup).not.toContain('data-chart-config')
  })

  test('a widget that failed shows its error; the others still show their numbers', () => {
    const markup = page({ widgets: { ...widgets, comparison: { ok: false, error: 'the numbers could not be loaded right now.' } } })
    expect(state(markup, 'widget-comparison')).toBe('error')
    expect(markup).toContain('role="alert">the numbers could not be loaded right now.<')
    expect(state(markup, 'widget-funnel')).toBe('data')
    expect(state(markup, 'widget-costs')).toBe('data')
  })

  test('a period without visits or purchases shows empty states, not zero charts', () => {
    const zero = { ...figures.overview, totalVisits: 0, totalClicks: 0, totalParticipants: 0, approvedCount: 0, purchaseCount: 0, revenue: 0, conversionRate: 0 }
    const quiet = { ...comparison, days: comparison.days.map((d) => ({ ...d, promotionPurchases: 0, promotionRevenue: 0, normalPurchases: 0, normalRevenue: 0 })) }
    const markup = page({ widgets: { ...widgets, figures: ok({ ...figures, overview: zero }), comparison: ok(quiet) } })
    expect(state(markup, 'widget-overview')).toBe('empty')
    expect(markup).toContain('No visits yet in this period.')
    expect(state(markup, 'widget-comparison')).toBe('empty')
    expect(markup).toContain('No purchases in this period.')
    expect(markup).not.toContain('id="chart-funnel"')
  })

  test('names are text: a campaign or activity named like markup cannot add elements', () => {
    const evil = '<script>alert(1)</script>'
    const markup = page({ campaign: { id: 3, name: evil, budget: 0 }, activities: [{ ...activity, name: evil }] })
    expect(markup).not.toContain(evil)
    expect(markup).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
  })
})

describe('campaign CSV', () => {
  test('numbers unformatted, a cell that a spreadsheet would run as a formula is made text, a missing ratio is empty', () => {
    expect(costsCsv({ ...costs, total: { ...efficiency, roas: null } })).toBe(
      'activityId,activityName,ownBudget,cost,revenue,purchases,customers,cac,roas\r\n' +
        `7,"'=HYPERLINK(""http://evil"")",,700000,3000000,60,55,12727.27,4.29\r\n` +
        'total,all activities,,700000,3000000,60,55,12727.27,\r\n',
    )
    expect(funnelCsv(figures.funnel).split('\r\n')[4]).toBe('PURCHASE,60,66.7')
    expect(comparisonCsv(comparison).split('\r\n')[1]).toBe('2025-11-10,40,2000000,3,36000,4.5,54000')
  })
})
