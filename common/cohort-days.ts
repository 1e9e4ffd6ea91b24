/**
 * A cohort's totals per acquisition day (core migration 0003, `cohort_days`): core's cohort job keeps
 * them as its customers' summaries change, and analytics reads them, summing the customers of a
 * range's two edge days itself with the same SQL — so a cohort of any size is a few rows per day.
 * Money is in cents here, so sums stay exact.
 */
import type { RowDataPacket } from './clients/mysql'

/** the D1/D7/D30 of retention */
export const retentionDays = [1, 7, 30] as const

export interface CohortDayTotals {
  customers: number
  purchases: number
  /** revenue since first, and in the 30/90/365-day windows, in cents */
  cents: number
  windowCents: [number, number, number]
  /** customers with two purchases or more since their first */
  repeaters: number
  /** customers who bought again within 1, 7, 30 days: rolling 24 h periods, shop calendar days */
  rolling: [number, number, number]
  calendar: [number, number, number]
}

/** The select list that sums `cohort_customers` rows into a CohortDayTotals row (its columns are cohort_days'). */
export const cohortDayTotalsSql = `COUNT(*) AS customers, SUM(purchases) AS purchases, SUM(revenue) AS revenue,
  SUM(revenue_30d) AS revenue_30d, SUM(revenue_90d) AS revenue_90d, SUM(revenue_365d) AS revenue_365d,
  SUM(purchases >= 2) AS repeaters,
  ${retentionDays.map((n) => `COALESCE(SUM(next_purchase_rolling_days <= ${n}), 0) AS rolling_d${n}`).join(', ')},
  ${retentionDays.map((n) => `COALESCE(SUM(next_purchase_calendar_days <= ${n}), 0) AS calendar_d${n}`).join(', ')}`

/** cohort_days' columns, in the order `dayTotalsValues` gives them */
export const cohortDayTotalsColumns = [
  'customers', 'purchases', 'revenue', 'revenue_30d', 'revenue_90d', 'revenue_365d', 'repeaters',
  ...retentionDays.map((n) => `rolling_d${n}`),
  ...retentionDays.map((n) => `calendar_d${n}`),
]

const cents = (value: unknown) => Math.round(Number(value ?? 0) * 100)
const triple = (row: RowDataPacket, prefix: string) => retentionDays.map((n) => Number(row[`${prefix}${n}`] ?? 0)) as [number, number, number]

export function decodeDayTotals(row: RowDataPacket): CohortDayTotals {
  return {
    customers: Number(row.customers ?? 0),
    purchases: Number(row.purchases ?? 0),
    cents: cents(row.revenue),
    windowCents: [cents(row.revenue_30d), cents(row.revenue_90d), cents(row.revenue_365d)],
    repeaters: Number(row.repeaters ?? 0),
    rolling: triple(row, 'rolling_d'),
    calendar: triple(row, 'calendar_d'),
  }
}

export const emptyDayTotals = (): CohortDayTotals => ({
  customers: 0, purchases: 0, cents: 0, windowCents: [0, 0, 0], repeaters: 0, rolling: [0, 0, 0], calendar: [0, 0, 0],
})

/** a + sign × b */
export function addDayTotals(a: CohortDayTotals, b: CohortDayTotals, sign: 1 | -1 = 1): CohortDayTotals {
  const add3 = (x: number[], y: number[]) => x.map((v, i) => v + sign * y[i]!) as [number, number, number]
  return {
    customers: a.customers + sign * b.customers,
    purchases: a.purchases + sign * b.purchases,
    cents: a.cents + sign * b.cents,
    windowCents: add3(a.windowCents, b.windowCents),
    repeaters: a.repeaters + sign * b.repeaters,
    rolling: add3(a.rolling, b.rolling),
    calendar: add3(a.calendar, b.calendar),
  }
}

/** cents as DECIMAL text, which MySQL stores exactly (a binary fraction like 0.1 would not be) */
export function centsText(value: number): string {
  const abs = Math.abs(value)
  return `${value < 0 ? '-' : ''}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`
}

/** the values of cohortDayTotalsColumns */
export function dayTotalsValues(t: CohortDayTotals): Array<number | string> {
  return [t.customers, t.purchases, centsText(t.cents), ...t.windowCents.map(centsText), t.repeaters, ...t.rolling, ...t.calendar]
}
