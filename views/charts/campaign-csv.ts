/**
 * The campaign page's chart and panel data as CSV tables (GET /admin/campaigns/:id/csv/<chart>):
 * one row per label, columns named as the JSON API names the fields, numbers unformatted, a
 * missing ratio as an empty cell. csvRows makes formula-looking text cells inert.
 */
import type { Comparison } from '../../analytics/dashboards/comparison'
import type { Costs } from '../../analytics/dashboards/costs'
import type { Funnel, Overview } from '../../analytics/dashboards/funnel'
import type { Segments } from '../../analytics/dashboards/segments'
import { csvRows } from './csv'

export type Cell = string | number | null
const cells = (row: readonly Cell[]) => row.map((c) => c ?? '')

/** Rows (the first one the header) as CSV text. */
export function csvTable(rows: readonly (readonly Cell[])[]): string {
  return csvRows(rows.map(cells))
}

export function overviewCsv(overview: Overview): string {
  return csvTable([['metric', 'value'], ...Object.entries(overview)])
}

export function funnelCsv(funnel: Funnel): string {
  return csvTable([['step', 'value', 'rate'], ...funnel.steps.map((s) => [s.name, s.value, s.rate])])
}

export function comparisonCsv({ days, baseline }: Comparison): string {
  const header = ['date', 'promotionPurchases', 'promotionRevenue', 'normalPurchases', 'normalRevenue', 'baselineDailyPurchases', 'baselineDailyRevenue']
  const rows = days.map((d) => [d.date, d.promotionPurchases, d.promotionRevenue, d.normalPurchases, d.normalRevenue, baseline.dailyPurchases, baseline.dailyRevenue])
  return csvTable([header, ...rows])
}

export function segmentsCsv(segments: Segments): string {
  const header = ['segment', 'value', 'purchases', 'revenue', 'approved', 'conversionRate']
  return csvTable([
    header,
    ...segments.byGrade.map((g) => ['grade', g.grade, g.purchases, g.revenue, g.approved, g.conversionRate]),
    ...segments.byCustomerType.map((c) => ['customerType', c.customerType, c.purchases, c.revenue, c.approved, c.conversionRate]),
  ])
}

export function costsCsv(costs: Costs): string {
  const header = ['activityId', 'activityName', 'ownBudget', 'cost', 'revenue', 'purchases', 'customers', 'cac', 'roas']
  const { total } = costs
  return csvTable([
    header,
    ...costs.activities.map((a) => [a.activityId, a.activityName, a.ownBudget, a.cost, a.revenue, a.purchases, a.customers, a.cac, a.roas]),
    ['total', 'all activities', '', total.cost, total.revenue, total.purchases, total.customers, total.cac, total.roas],
  ])
}
