/**
 * A cohort's retention: D1/D7/D30 (the share of its customers who bought again within N days of
 * their first purchase) and the matrix by acquisition day (per day offset 1 … the days elapsed
 * since that day, the share who bought again on that offset). Rolling mode counts 24-hour periods
 * after the first purchase, calendar mode the shop time zone's calendar days.
 */
import { daysBetween } from '../../common/shop-days'
import type { CohortDayTotals } from '../../common/cohort-days'
import type { AcquisitionDay, RetentionMode } from '../reporting/cohort'
import { percent } from './numbers'

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

export function retention(totals: CohortDayTotals, mode: RetentionMode): Retention {
  const [d1, d7, d30] = totals[mode].map((retained) => percent(retained, totals.customers)) as [number, number, number]
  return { mode, d1, d7, d30 }
}

/** `today` is the shop day of the question; a row acquired today has no offsets yet. */
export function retentionMatrix(
  days: ReadonlyArray<Pick<AcquisitionDay, 'day' | 'customers'>>,
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
