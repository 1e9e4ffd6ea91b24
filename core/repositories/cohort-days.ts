/**
 * The cohort totals per acquisition day (`cohort_days`, `cohort_day_repurchases`; common/cohort-days.ts)
 * as core's cohort job keeps them: whenever customers' summaries are replaced, each day's totals
 * move by what the replaced rows summed to and what the new ones sum to, in the same transaction.
 */
import type { RowDataPacket } from '../../common/clients/mysql'
import { addDayTotals, cohortDayTotalsColumns, cohortDayTotalsSql, dayTotalsValues, decodeDayTotals, emptyDayTotals, type CohortDayTotals } from '../../common/cohort-days'
import { dayTotalsOf, type CustomerSummary } from '../jobs/cohort-summary'
import type { Db } from './db'

/** What some customers add to their days: totals per `activity|day`, repurchasers per `activity|mode|day|offset`. */
export interface DaysShare {
  totals: Map<string, CohortDayTotals>
  repurchasers: Map<string, number>
}

/** These customers' share of their days' totals as the stored summaries have it. */
export async function customersDayTotals(db: Db, users: readonly number[]): Promise<DaysShare> {
  const [totals] = await db.query<RowDataPacket[]>(
    `SELECT campaign_activity_id, DATE_FORMAT(acquisition_day, '%Y-%m-%d') AS day, ${cohortDayTotalsSql}
       FROM cohort_customers WHERE user_id IN (?) GROUP BY campaign_activity_id, acquisition_day`,
    [users],
  )
  const [repurchasers] = await db.query<RowDataPacket[]>(
    `SELECT campaign_activity_id, mode, DATE_FORMAT(acquisition_day, '%Y-%m-%d') AS day, day_offset, COUNT(*) AS n
       FROM cohort_repurchase_days WHERE user_id IN (?) GROUP BY campaign_activity_id, mode, acquisition_day, day_offset`,
    [users],
  )
  return {
    totals: new Map(totals.map((r) => [`${r.campaign_activity_id}|${r.day}`, decodeDayTotals(r)])),
    repurchasers: new Map(repurchasers.map((r) => [`${r.campaign_activity_id}|${r.mode}|${r.day}|${r.day_offset}`, Number(r.n)])),
  }
}

/** The share of the days' totals these summaries make. */
export function dayTotalsOfSummaries(summaries: readonly CustomerSummary[]): DaysShare {
  const share: DaysShare = { totals: new Map(), repurchasers: new Map() }
  for (const s of summaries) {
    const key = `${s.activityId}|${s.acquisitionDay}`
    share.totals.set(key, addDayTotals(share.totals.get(key) ?? emptyDayTotals(), dayTotalsOf(s)))
    for (const mode of ['R', 'C'] as const)
      for (const offset of s.repurchaseDays[mode]) {
        const dayKey = `${s.activityId}|${mode}|${s.acquisitionDay}|${offset}`
        share.repurchasers.set(dayKey, (share.repurchasers.get(dayKey) ?? 0) + 1)
      }
  }
  return share
}

const increments = (columns: readonly string[]) => columns.map((c) => `${c} = ${c} + VALUES(${c})`).join(', ')

/** Moves the stored day totals from `before`'s share to `after`'s. */
export async function moveDayTotals(db: Db, before: DaysShare, after: DaysShare): Promise<void> {
  const totals = [...new Set([...before.totals.keys(), ...after.totals.keys()])].flatMap((key) => {
    const delta = addDayTotals(after.totals.get(key) ?? emptyDayTotals(), before.totals.get(key) ?? emptyDayTotals(), -1)
    return dayTotalsValues(delta).every((v) => Number(v) === 0) ? [] : [[...key.split('|'), ...dayTotalsValues(delta)]]
  })
  if (totals.length)
    await db.query(
      `INSERT INTO cohort_days (campaign_activity_id, acquisition_day, ${cohortDayTotalsColumns.join(', ')}) VALUES ?
       ON DUPLICATE KEY UPDATE ${increments(cohortDayTotalsColumns)}`,
      [totals],
    )
  const repurchasers = [...new Set([...before.repurchasers.keys(), ...after.repurchasers.keys()])].flatMap((key) => {
    const delta = (after.repurchasers.get(key) ?? 0) - (before.repurchasers.get(key) ?? 0)
    return delta ? [[...key.split('|'), delta]] : []
  })
  if (repurchasers.length)
    await db.query(
      `INSERT INTO cohort_day_repurchases (campaign_activity_id, mode, acquisition_day, day_offset, customers) VALUES ?
       ON DUPLICATE KEY UPDATE ${increments(['customers'])}`,
      [repurchasers],
    )
}
