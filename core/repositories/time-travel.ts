/**
 * Dev only (time travel): moves an activity and what happened in it `days` days into the past —
 * its window, entries, promotion purchases and reservations — so the numbers of a past activity
 * can be looked at without waiting. Runs inside the caller's transaction, the activity row locked.
 */
import type { ResultSetHeader } from '../../common/clients/mysql'
import type { Db } from './db'

async function shift(db: Db, sql: string, values: unknown[]): Promise<number> {
  const [result] = await db.query<ResultSetHeader>(sql, values)
  return result.affectedRows
}

export async function shiftActivityIntoPast(db: Db, activityId: number, days: number) {
  const by = [days, days]
  await shift(db, 'UPDATE campaign_activities SET starts_at = starts_at - INTERVAL ? DAY, ends_at = ends_at - INTERVAL ? DAY WHERE id = ?', [...by, activityId])
  return {
    entries: await shift(db, 'UPDATE campaign_activity_entries SET confirmed_at = confirmed_at - INTERVAL ? DAY WHERE campaign_activity_id = ?', [days, activityId]),
    purchases: await shift(db, 'UPDATE purchases SET purchased_at = purchased_at - INTERVAL ? DAY WHERE campaign_activity_id = ?', [days, activityId]),
    reservations: await shift(
      db,
      `UPDATE reservations SET held_at = held_at - INTERVAL ? DAY, expires_at = expires_at - INTERVAL ? DAY, ended_at = ended_at - INTERVAL ? DAY
        WHERE campaign_activity_id = ?`,
      [days, ...by, activityId],
    ),
  }
}
