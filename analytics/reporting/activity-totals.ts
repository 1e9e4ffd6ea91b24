/**
 * All-time approvals and promotion purchases of activities from core's per-activity totals
 * (migration 0005, kept by triggers as reservations and purchases are written): one row per
 * activity instead of every reservation and purchase. Equal by construction to approvals() and
 * promotionTotals() without a range; participants of several activities are the distinct shoppers
 * among their holders.
 */
import type { Pool, RowDataPacket } from '../../common/clients/mysql'
import type { PurchaseTotals } from './purchases'
import type { Approvals } from './reservations'

export interface AllTimeTotals extends Approvals, Pick<PurchaseTotals, 'purchases' | 'revenue'> {}

export async function allTimeTotals(pool: Pool, activityIds: readonly number[]): Promise<AllTimeTotals> {
  if (!activityIds.length) return { approved: 0, participants: 0, purchases: 0, revenue: 0 }
  const distinctShoppers =
    activityIds.length === 1
      ? 'SUM(participants)'
      : '(SELECT COUNT(DISTINCT user_id) FROM activity_participants WHERE campaign_activity_id IN (?) AND holds > 0)'
  const [rows] = await pool.query<RowDataPacket[]>(
    `SELECT COALESCE(SUM(approved), 0) AS approved, COALESCE(${distinctShoppers}, 0) AS participants,
            COALESCE(SUM(purchases), 0) AS purchases, COALESCE(SUM(revenue), 0) AS revenue
       FROM activity_totals WHERE campaign_activity_id IN (?)`,
    activityIds.length === 1 ? [activityIds] : [activityIds, activityIds],
  )
  const row = rows[0]!
  return { approved: Number(row.approved), participants: Number(row.participants), purchases: Number(row.purchases), revenue: Number(row.revenue) }
}
