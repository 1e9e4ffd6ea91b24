/**
 * Promotion purchases and approvals by shopper segment: member grade (users.grade; a shopper core
 * has no row for is UNKNOWN) and new vs returning. A purchase is a new customer's when its shopper
 * bought nothing of any kind before it (same instant: the earlier order id first); a hold is a new
 * customer's when its shopper had bought nothing before taking it.
 */
import type { Pool, RowDataPacket } from '../../common/clients/mysql'
import type { TimeRange } from '../store/port'
import { inRange } from './range'

export interface SegmentRow {
  grade: string
  isNew: boolean
  purchases: number
  revenue: number
  approved: number
}

const grade = "COALESCE(u.grade, 'UNKNOWN')"

/** One row per (grade, new) seen in the scope's purchases or holds of the range. */
export async function segmentRows(pool: Pool, activityIds: readonly number[], range?: TimeRange): Promise<SegmentRow[]> {
  if (!activityIds.length) return []
  const at = inRange('p.purchased_at', range)
  const held = inRange('r.held_at', range)
  const [bought] = await pool.query<RowDataPacket[]>(
    `SELECT ${grade} AS grade,
            NOT EXISTS (SELECT 1 FROM purchases e WHERE e.user_id = p.user_id
                          AND (e.purchased_at < p.purchased_at OR (e.purchased_at = p.purchased_at AND e.id < p.id))) AS isNew,
            COUNT(*) AS purchases, SUM(p.price * p.quantity) AS revenue
       FROM purchases p LEFT JOIN users u ON u.id = p.user_id
      WHERE p.campaign_activity_id IN (?)${at.sql} GROUP BY grade, isNew`,
    [activityIds, ...at.params],
  )
  const [approved] = await pool.query<RowDataPacket[]>(
    `SELECT ${grade} AS grade,
            NOT EXISTS (SELECT 1 FROM purchases e WHERE e.user_id = r.user_id AND e.purchased_at < r.held_at) AS isNew,
            COUNT(*) AS approved
       FROM reservations r LEFT JOIN users u ON u.id = r.user_id
      WHERE r.campaign_activity_id IN (?) AND r.held_at IS NOT NULL${held.sql} GROUP BY grade, isNew`,
    [activityIds, ...held.params],
  )
  const rows = new Map<string, SegmentRow>()
  const row = (g: string, isNew: boolean) => {
    const key = `${g}:${isNew}`
    let found = rows.get(key)
    if (!found) rows.set(key, (found = { grade: g, isNew, purchases: 0, revenue: 0, approved: 0 }))
    return found
  }
  for (const r of bought) Object.assign(row(String(r.grade), Boolean(Number(r.isNew))), { purchases: Number(r.purchases), revenue: Number(r.revenue) })
  for (const r of approved) row(String(r.grade), Boolean(Number(r.isNew))).approved = Number(r.approved)
  return [...rows.values()]
}
