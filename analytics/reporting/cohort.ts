/**
 * What cohort analysis reads from MySQL through the reporting pool: the activity and its
 * acquisition cost, and the per-customer summaries core's cohort job keeps (core migration 0003).
 * A cohort = the customers whose first purchase in the activity lies in [from, to).
 */
import type { Pool, RowDataPacket } from '../../common/clients/mysql'

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
}

export interface CohortTotals {
  customers: number
  purchases: number
  revenue: number
  revenue30d: number
  revenue90d: number
  revenue365d: number
  /** customers with two purchases or more since their first */
  repeaters: number
  /** customers who bought again within 1, 7, 30 days: rolling 24 h periods, shop calendar days */
  rolling: [number, number, number]
  calendar: [number, number, number]
}

export type RetentionMode = 'rolling' | 'calendar'

export interface AcquisitionDay {
  /** YYYY-MM-DD in the shop time zone */
  day: string
  customers: number
}

export async function findCohortActivity(pool: Pool, id: number): Promise<CohortActivity | undefined> {
  const [[row]] = await pool.query<RowDataPacket[]>('SELECT id, name, campaign_id FROM campaign_activities WHERE id = ?', [id])
  return row && { id: Number(row.id), name: String(row.name), campaignId: Number(row.campaign_id) }
}

/**
 * The activity's acquisition cost: its own budget when set, else an equal share of what its
 * campaign's budget leaves after the activities' own budgets (never below 0), among the activities
 * without one; rounded to the cent, the amount every figure derived from it uses.
 */
export async function acquisitionCost(pool: Pool, activity: CohortActivity): Promise<number> {
  const [rows] = await pool.query<RowDataPacket[]>(
    `SELECT a.id, a.budget, c.budget AS campaign_budget FROM campaign_activities a JOIN campaigns c ON c.id = a.campaign_id
      WHERE a.campaign_id = ?`,
    [activity.campaignId],
  )
  const own = rows.find((r) => Number(r.id) === activity.id)?.budget
  if (own !== null && own !== undefined) return Number(own)
  const budgeted = rows.filter((r) => r.budget !== null).reduce((sum, r) => sum + Math.round(Number(r.budget) * 100), 0)
  const leftCents = Math.max(0, Math.round(Number(rows[0]?.campaign_budget ?? 0) * 100) - budgeted)
  const sharing = rows.filter((r) => r.budget === null).length
  return Math.round(leftCents / sharing) / 100
}

const inCohort = 'campaign_activity_id = ? AND first_purchase_at >= ? AND first_purchase_at < ?'
const rangeValues = (r: CohortRange) => [r.activityId, r.from, r.to]

/**
 * The cohort's totals, and its customers per acquisition day (shop time zone, in day order): one
 * read of the cohort's summaries, grouped by day in MySQL.
 */
export async function cohortTotals(pool: Pool, range: CohortRange): Promise<{ totals: CohortTotals; days: AcquisitionDay[] }> {
  const [rows] = await pool.query<RowDataPacket[]>(
    `SELECT DATE_FORMAT(acquisition_day, '%Y-%m-%d') AS day, COUNT(*) AS customers, SUM(purchases) AS purchases,
            SUM(revenue) AS revenue, SUM(revenue_30d) AS r30, SUM(revenue_90d) AS r90, SUM(revenue_365d) AS r365,
            SUM(purchases >= 2) AS repeaters,
            COALESCE(SUM(next_purchase_at <= first_purchase_at + INTERVAL 1 DAY), 0) AS rolling1,
            COALESCE(SUM(next_purchase_at <= first_purchase_at + INTERVAL 7 DAY), 0) AS rolling7,
            COALESCE(SUM(next_purchase_at <= first_purchase_at + INTERVAL 30 DAY), 0) AS rolling30,
            COALESCE(SUM(next_purchase_calendar_days <= 1), 0) AS calendar1,
            COALESCE(SUM(next_purchase_calendar_days <= 7), 0) AS calendar7,
            COALESCE(SUM(next_purchase_calendar_days <= 30), 0) AS calendar30
       FROM cohort_customers WHERE ${inCohort} GROUP BY acquisition_day ORDER BY acquisition_day`,
    rangeValues(range),
  )
  const sum = (name: string) => rows.reduce((total, r) => total + Number(r[name]), 0)
  // money summed in cents: adding the days' decimal amounts as doubles could drift by a cent
  const money = (name: string) => rows.reduce((cents, r) => cents + Math.round(Number(r[name]) * 100), 0) / 100
  const totals: CohortTotals = {
    customers: sum('customers'),
    purchases: sum('purchases'),
    revenue: money('revenue'),
    revenue30d: money('r30'),
    revenue90d: money('r90'),
    revenue365d: money('r365'),
    repeaters: sum('repeaters'),
    rolling: [sum('rolling1'), sum('rolling7'), sum('rolling30')],
    calendar: [sum('calendar1'), sum('calendar7'), sum('calendar30')],
  }
  return { totals, days: rows.map((r) => ({ day: String(r.day), customers: Number(r.customers) })) }
}

/** Per acquisition day and day offset (≥ 1), how many of its customers bought again on that offset. */
export async function repurchasersByDayOffset(
  pool: Pool,
  range: CohortRange,
  mode: RetentionMode,
): Promise<Array<{ day: string; offset: number; customers: number }>> {
  const [rows] = await pool.query<RowDataPacket[]>(
    `SELECT DATE_FORMAT(acquisition_day, '%Y-%m-%d') AS day, day_offset, COUNT(*) AS customers FROM cohort_repurchase_days
      WHERE mode = ? AND ${inCohort} GROUP BY acquisition_day, day_offset`,
    [mode === 'rolling' ? 'R' : 'C', ...rangeValues(range)],
  )
  return rows.map((r) => ({ day: String(r.day), offset: Number(r.day_offset), customers: Number(r.customers) }))
}
