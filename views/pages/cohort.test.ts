import { describe, expect, test } from 'bun:test'
import type { CohortAnalysis } from '../../analytics/dashboards/cohort'
import { retentionMatrixCsv, ltvCsv } from '../charts/cohort-csv'
import { ltvCacTone } from '../partials/cohort-ltv'
import { heat, matrixDays } from '../partials/cohort-retention'
import { cohortPage, type CohortPageView } from './cohort'

const cohort: CohortAnalysis = {
  cohortId: 'activity-7',
  cohortName: 'Knit rush',
  cohortStartDate: '2025-11-10T00:00:00.000Z',
  cohortEndDate: '2025-11-11T23:59:59.999Z',
  totalCustomers: 4,
  totalAcquisitionCost: 40_000,
  avgCAC: 10_000,
  ltv30d: 8_000,
  ltv90d: 15_000,
  ltv365d: 35_000,
  ltvCurrent: 40_000,
  ltvCacRatio30d: 0.8,
  ltvCacRatio90d: 1.5,
  ltvCacRatio365d: 3.5,
  ltvCacRatioCurrent: 4,
  repeatPurchaseRate: 50,
  avgPurchaseFrequency: 2.25,
  avgOrderValue: 17_777.78,
  totalRevenue: 160_000,
  roas: 4,
  retention: { mode: 'rolling', d1: 25, d7: 50, d30: 50 },
  retentionMatrix: [
    { acquisitionDay: '2025-11-10', customers: 3, days: [33.33, 0, 66.67] },
    { acquisitionDay: '2025-11-11', customers: 1, days: [100, 0] },
  ],
  calculatedAt: '2025-11-12T01:00:00.000Z',
}
const activity = { id: 7, campaignId: 3, name: 'Knit rush', productId: 1, limit: 100, budget: null, startsAt: new Date('2025-11-10T00:00:00Z'), endsAt: new Date('2025-11-12T00:00:00Z') }

function page(over: Partial<CohortPageView> = {}): string {
  return cohortPage({
    activity,
    campaign: { id: 3, name: '겨울 세일' },
    activityId: 7,
    chosen: { startDate: '2025-11-10', endDate: '2025-11-11', retention: 'rolling' },
    cohort: { ok: true, value: cohort },
    ...over,
  }).value
}

function chartSpec(markup: string, id: string) {
  const from = markup.indexOf('>', markup.indexOf(`id="${id}-config">`)) + 1
  return JSON.parse(markup.slice(from, markup.indexOf('</script>', from)))
}

describe('LTV/CAC colour code', () => {
  test('below 1 red, 1 to 3 amber (both ends), above 3 green, none without a cost; each with words', () => {
    const tones = [0.99, 1, 3, 3.01, null].map((r) => ltvCacTone(r).tone)
    expect(tones).toEqual(['red', 'amber', 'amber', 'green', 'none'])
    for (const r of [0.5, 2, 4, null]) expect(ltvCacTone(r).label.length).toBeGreaterThan(5)
  })

  test('each horizon row shows its ratio with its tone and label', () => {
    const markup = page()
    const row = (horizon: string) => markup.slice(markup.indexOf(`data-horizon="${horizon}"`), markup.indexOf('</tr>', markup.indexOf(`data-horizon="${horizon}"`)))
    expect(row('ltv30d')).toContain('data-tone="red"><strong>0.80</strong>')
    expect(row('ltv30d')).toContain(ltvCacTone(0.8).label)
    expect(row('ltv90d')).toContain('data-tone="amber"')
    expect(row('ltvCurrent')).toContain('data-tone="green"')
  })
})

describe('cohort page', () => {
  test('the LTV vs CAC chart: LTV per horizon against a flat CAC, in the shop currency', () => {
    const spec = chartSpec(page(), 'chart-ltv-cac')
    expect(spec.chart.data.labels).toEqual(['30 days', '90 days', '365 days', 'to date'])
    expect(spec.chart.data.datasets.map((d: { data: number[] }) => d.data)).toEqual([[8_000, 15_000, 35_000, 40_000], [10_000, 10_000, 10_000, 10_000]])
    expect(spec.valueFormat.currency).toBe('KRW')
  })

  test('summary, retention with its mode toggle keeping the dates, "as of" the computation', () => {
    const markup = page()
    expect(markup).toContain('data-kpi="repeatPurchaseRate">50%<')
    expect(markup).toContain('data-kpi="avgOrderValue">₩17,778<')
    expect(markup).toContain('data-kpi="d7">50%<')
    expect(markup).toContain('<input type="hidden" name="startDate" value="2025-11-10">')
    expect(markup).toContain('name="retention" value="rolling" title="N × 24 hours after the first purchase" aria-pressed="true"')
    expect(markup).toContain('As of ')
    expect(markup).toContain('href="/admin/dashboard/cohort/7/csv/ltv?startDate=2025-11-10&amp;endDate=2025-11-11&amp;retention=rolling"')
  })

  test('the retention matrix is a table shaded by share, offsets not yet elapsed left blank', () => {
    const markup = page()
    expect(markup).toContain('<td class="heat-4" title="33.33% bought again on day 1">33.3</td>')
    expect(markup).toContain('<td class="heat-10" title="100% bought again on day 1">100.0</td>')
    expect(markup).toContain('<td class="heat-0" title="0% bought again on day 2">0.0</td>')
    const lastRow = markup.slice(markup.indexOf('<th scope="row">2025-11-11</th>'))
    expect(lastRow.slice(0, lastRow.indexOf('</tr>'))).toContain('<td class="heat-none"></td>')
    expect([0, 0.01, 10, 10.01, 99, 100].map(heat)).toEqual([0, 1, 1, 2, 10, 10])
  })

  test(`a matrix wider than ${matrixDays} days shows the first ${matrixDays} and says the CSV has all`, () => {
    const long = { ...cohort, retentionMatrix: [{ acquisitionDay: '2025-01-01', customers: 2, days: Array.from({ length: 45 }, () => 50) }] }
    const markup = page({ cohort: { ok: true, value: long } })
    expect(markup.match(/title="50% bought again/g)?.length).toBe(matrixDays)
    expect(markup).toContain(`the CSV has all 45`)
    expect(retentionMatrixCsv(long).split('\r\n')[0]!.split(',').length).toBe(47)
  })

  test('a cohort without customers says so in every widget', () => {
    const empty = { ...cohort, totalCustomers: 0, retentionMatrix: [] }
    const markup = page({ cohort: { ok: true, value: empty } })
    expect(markup.match(/No purchases in this period/g)?.length).toBe(1)
    expect(markup).not.toContain('id="widget-ltv"')
    expect(markup).not.toContain('data-chart-config')
  })

  test('a refused date is shown at its field; a failed analysis shows its error, the picker stays', () => {
    const invalid = { parameter: 'startDate', message: 'startDate must be an ISO-8601 date-time or a date such as 2025-11-28' }
    const refused = page({ chosen: { startDate: 'soon', endDate: '2025-11-11', retention: 'rolling' }, cohort: { ok: false, error: invalid.message }, invalid })
    expect(refused).toContain('aria-invalid="true" aria-describedby="startDate-error"')
    expect(refused).toContain(invalid.message)
    const failed = page({ cohort: { ok: false, error: 'the numbers could not be loaded right now.' } })
    expect(failed).toContain('Could not show this: the numbers could not be loaded right now.')
    expect(failed).toContain('name="endDate" value="2025-11-11"')
  })

  test('the activity name is text, in the heading and breadcrumb', () => {
    const markup = page({ activity: { ...activity, name: '<img src=x onerror=alert(1)>' } })
    expect(markup).not.toContain('<img')
    expect(markup).toContain('Cohort of &lt;img src=x onerror=alert(1)&gt;')
  })
})

test('LTV CSV: one row per horizon with the ratio, unformatted', () => {
  expect(ltvCsv(cohort)).toBe('horizon,ltv,avgCAC,ltvCacRatio\r\n30 days,8000,10000,0.8\r\n90 days,15000,10000,1.5\r\n365 days,35000,10000,3.5\r\nto date,40000,10000,4\r\n')
})

test('the breadcrumb names the campaign and the activity, each a link', () => {
  const markup = page()
  const crumbs = markup.slice(markup.indexOf('<nav class="breadcrumb"'), markup.indexOf('</nav>'))
  expect(crumbs).toContain('<a href="/admin/campaigns">Campaigns</a>')
  expect(crumbs).toContain('<a href="/admin/campaigns/3">겨울 세일</a>')
  expect(crumbs).toContain('<a href="/admin/dashboard/7">Knit rush</a>')
})
