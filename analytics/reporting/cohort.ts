/**
 * What cohort analysis reads from MySQL through the reporting pool: the activity and its
 * acquisition cost, and the summaries core's cohort job keeps (core migration 0003). A cohort = the
 * customers whose first purchase in the activity lies in [from, to): its whole acquisition days
 * (shop time zone) come summed from cohort_days, only the customers of its first and last day,
 * which the range may cut, are summed here — a few rows per day whatever the cohort's size.
 */
import type { Pool, RowDataPacket } from '../../common/clients/mysql'
import { addDayTotals, cohortDayTotalsColumns, cohortDayTotalsSql, decodeDayTotals, emptyDayTotals, type CohortDayTotals } from '../../common/cohort-days'
import { shopDay } from '../../common/shop-days'
import type { BudgetedActivity } from '../dashboards/acquisition-cost'

export interface CohortActivity {
  id: number
  name: string
  campaignId: number
}

export interface CohortRange {
  activityId: number
  from: Date
  /** exclusive */
  to: Date
  /** the shop time zone the job computed acquisition days in (AXON_SHOP_TIME_ZONE) */
  zone: string
}

export type RetentionMode = 'rolling' | 'calendar'

export interface AcquisitionDay extends CohortDayTotals {
  /** YYYY-MM-DD in the shop time zone */
  day: string
}

export async function findCohortActivity(pool: Pool, id: number): Promise<CohortActivity | undefined> {
  const [[row]] = await pool.query<RowDataPacket[]>('SELECT id, name, campaign_id FROM campaign_activities WHERE id = ?', [id])
  return row && { id: Number(row.id), name: String(row.name), campaignId: Number(row.campaign_id) }
}

/** The activity's campaign budget and the own budgets of the campaign's activities (acquisition-cost.ts shares them). */
export async function campaignBudgets(pool: Pool, activity: CohortActivity): Promise<{ campaignBudget: number; activities: BudgetedActivity[] }> {
  const [rows] = await pool.query<RowDataPacket[]>(
    `SELECT a.id, a.budget, c.budget AS campaign_budget FROM campaign_activities a JOIN campaigns c ON c.id = a.campaign_id
      WHERE a.campaign_id = ?`,
    [activity.campaignId],
  )
  return {
    campaignBudget: Number(rows[0]?.campaign_budget ?? 0),
    activities: rows.map((r) => ({ id: Number(r.id), budget: r.budget === null ? null : Number(r.budget) })),
  }
}

/** longer than any shop day (23–25 h): the customers of an edge day lie this close to the range's end they touch */
const dayBoundMs = 26 * 3_600_000

/** The range's days: whole ones strictly between `first` and `last`; the two edge days as bounded instant ranges. */
function rangeDays({ from, to, zone }: Omit<CohortRange, 'activityId'>) {
  const first = shopDay(from, zone)
  const last = shopDay(new Date(to.getTime() - 1), zone)
  const edges = [{ day: first, from, to: new Date(Math.min(to.getTime(), from.getTime() + dayBoundMs)) }]
  if (last !== first) edges.push({ day: last, from: new Date(Math.max(from.getTime(), to.getTime() - dayBoundMs)), to })
  return { first, last, edges }
}

const day = `DATE_FORMAT(acquisition_day, '%Y-%m-%d') AS day`
const edgeWhere = 'campaign_activity_id IN (?) AND first_purchase_at >= ? AND first_purchase_at < ? AND acquisition_day = ?'

/** The cohort's totals per acquisition day, in day order. */
export async function cohortDays(pool: Pool, range: CohortRange): Promise<AcquisitionDay[]> {
  const days = await acquisitionDayRows(pool, [range.activityId], range)
  return days.sort((a, b) => a.day.localeCompare(b.day))
}

/** The cohorts of several activities in one range, pooled: their totals summed (a customer in two cohorts counts in each). */
export async function pooledCohortTotals(pool: Pool, activityIds: readonly number[], range: Omit<CohortRange, 'activityId'>): Promise<CohortDayTotals> {
  const days = activityIds.length ? await acquisitionDayRows(pool, activityIds, range) : []
  return days.reduce<CohortDayTotals>((sum, d) => addDayTotals(sum, d), emptyDayTotals())
}

/** Totals per acquisition day and activity (one row per pair) of the activities' cohorts in the range. */
async function acquisitionDayRows(pool: Pool, activityIds: readonly number[], range: Omit<CohortRange, 'activityId'>): Promise<AcquisitionDay[]> {
  const { first, last, edges } = rangeDays(range)
  const reads = [
    pool.query<RowDataPacket[]>(
      `SELECT ${day}, ${cohortDayTotalsColumns.join(', ')} FROM cohort_days
        WHERE campaign_activity_id IN (?) AND acquisition_day > ? AND acquisition_day < ? AND customers > 0`,
      [activityIds, first, last],
    ),
    ...edges.map((edge) =>
      pool.query<RowDataPacket[]>(
        `SELECT ${day}, ${cohortDayTotalsSql} FROM cohort_customers WHERE ${edgeWhere}
          GROUP BY campaign_activity_id, acquisition_day`,
        [activityIds, edge.from, edge.to, edge.day],
      ),
    ),
  ]
  const rows = (await Promise.all(reads)).flatMap(([r]) => r)
  return rows.map((r) => ({ day: String(r.day), ...decodeDayTotals(r) }))
}

/** Per acquisition day and day offset (≥ 1), how many of its customers bought again on that offset. */
export async function repurchasersByDayOffset(
  pool: Pool,
  range: CohortRange,
  mode: RetentionMode,
): Promise<Array<{ day: string; offset: number; customers: number }>> {
  const { first, last, edges } = rangeDays(range)
  const code = mode === 'rolling' ? 'R' : 'C'
  const reads = [
    pool.query<RowDataPacket[]>(
      `SELECT ${day}, day_offset, customers FROM cohort_day_repurchases
        WHERE campaign_activity_id = ? AND mode = ? AND acquisition_day > ? AND acquisition_day < ? AND customers > 0`,
      [range.activityId, code, first, last],
    ),
    ...edges.map((edge) =>
      pool.query<RowDataPacket[]>(
        `SELECT ${day}, day_offset, COUNT(*) AS customers FROM cohort_repurchase_days WHERE mode = ? AND ${edgeWhere} GROUP BY day_offset`,
        [code, range.activityId, edge.from, edge.to, edge.day],
      ),
    ),
  ]
  const rows = (await Promise.all(reads)).flatMap(([r]) => r)
  return rows.map((r) => ({ day: String(r.day), offset: Number(r.day_offset), customers: Number(r.customers) }))
}
