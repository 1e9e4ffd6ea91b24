/**
 * A cohort's retention: D1/D7/D30 (the share of its customers who bought again within N days of
 * their first purchase) and the matrix by acquisition day (per day offset 1 … the days elapsed
 * since that day, the share who bought again on that offset). Rolling mode counts 24-hour periods
 * after the first purchase, calendar mode the shop time zone's calendar days.
 */
import { daysBetween } from '../../common/shop-days'
import type { AcquisitionDay, CohortTotals, RetentionMode } from '../reporting/cohort'

export interface Retention {
  mode: RetentionMode
  d1: number
  d7: number
  d30: number
}

export interface RetentionRow {
  /** the shop day of the first purchases, YYYY-MM-DD */
  acquisitionDay: string
  customers: number
  /** days[i] = % of the row's customers who bought again on day offset i + 1 */
  days: number[]
}

/** `part` of `whole` in %, 2 decimals; 0 of nothing is 0 */
export const percent = (part: number, whole: number) => (whole ? round2((part / whole) * 100) : 0)

/** x to 2 decimals, halves away from zero, without binary-fraction surprises (1.005 → 1.01) */
export function round2(x: number): number {
  // 15 significant digits drop the float noise: 1.005 × 100 is 100.49999999999999
  return (Math.sign(x) * Math.round(Number((Math.abs(x) * 100).toPrecision(15)))) / 100
}

export function retention(totals: CohortTotals, mode: RetentionMode): Retention {
  const [d1, d7, d30] = totals[mode].map((retained) => percent(retained, totals.customers)) as [number, number, number]
  return { mode, d1, d7, d30 }
}

/** `today` is the shop day of the question; a row acquired today has no offsets yet. */
export function retentionMatrix(
  days: readonly AcquisitionDay[],
  repurchasers: ReadonlyArray<{ day: string; offset: number; customers: number }>,
  today: string,
): RetentionRow[] {
  const counts = new Map<string, Map<number, number>>()
  for (const r of repurchasers) {
    const row = counts.get(r.day) ?? new Map<number, number>()
    row.set(r.offset, r.customers)
    counts.set(r.day, row)
  }
  return days.map(({ day, customers }) => {
    const elapsed = Math.max(0, daysBetween(day, today))
    const row = counts.get(day)
    return {
      acquisitionDay: day,
      customers,
      days: Array.from({ length: elapsed }, (_, i) => percent(row?.get(i + 1) ?? 0, customers)),
    }
  })
}
