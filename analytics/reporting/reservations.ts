/**
 * Reservations (holds) as core's workers recorded them: approved = holds taken in the scope and
 * period, whatever happened to them after; participants = distinct shoppers who took one.
 */
import type { Pool, RowDataPacket } from '../../common/clients/mysql'
import type { TimeRange } from '../store/port'
import { inRange } from './range'

export interface Approvals {
  approved: number
  participants: number
}

export async function approvals(pool: Pool, activityIds: readonly number[], range?: TimeRange): Promise<Approvals> {
  if (!activityIds.length) return { approved: 0, participants: 0 }
  const held = inRange('held_at', range)
  const [rows] = await pool.query<RowDataPacket[]>(
    `SELECT COUNT(*) AS approved, COUNT(DISTINCT user_id) AS participants FROM reservations
      WHERE campaign_activity_id IN (?) AND held_at IS NOT NULL${held.sql}`,
    [activityIds, ...held.params],
  )
  return { approved: Number(rows[0]!.approved), participants: Number(rows[0]!.participants) }
}

/** Each shopper who took a hold in the scope (and range), with their first hold's time. */
export async function firstHolds(pool: Pool, activityIds: readonly number[], range?: TimeRange): Promise<Map<number, Date>> {
  if (!activityIds.length) return new Map()
  const held = inRange('held_at', range)
  const [rows] = await pool.query<RowDataPacket[]>(
    `SELECT user_id AS userId, MIN(held_at) AS first FROM reservations
      WHERE campaign_activity_id IN (?) AND held_at IS NOT NULL${held.sql} GROUP BY user_id`,
    [activityIds, ...held.params],
  )
  return new Map(rows.map((r) => [Number(r.userId), r.first as Date]))
}

/** The shoppers with a confirmed entry in the activity (its participants once no hold can be live). */
export async function entrantsOf(pool: Pool, activityId: number): Promise<number[]> {
  const [rows] = await pool.query<RowDataPacket[]>('SELECT user_id AS userId FROM campaign_activity_entries WHERE campaign_activity_id = ?', [activityId])
  return rows.map((row) => Number(row.userId))
}

/** How many entrantsOf has (one entry per shopper and activity), counted on the index. */
export async function entrantCount(pool: Pool, activityId: number): Promise<number> {
  const [rows] = await pool.query<RowDataPacket[]>('SELECT COUNT(*) AS n FROM campaign_activity_entries WHERE campaign_activity_id = ?', [activityId])
  return Number(rows[0]!.n)
}
