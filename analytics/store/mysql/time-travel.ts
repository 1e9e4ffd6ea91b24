/**
 * Time travel (dev only): an activity's events moved whole days into the past, as if the
 * campaign had run then, with the rollups of the activity and of its campaigns rebuilt from the
 * moved rows in the same transaction.
 */
import { inTransaction, retryDeadlocks, type Pool, type ResultSetHeader, type RowDataPacket } from '../../../common/clients/mysql'
import { checkShiftDays, type ScopeKind } from '../rollup-keys'
import { addLinksOf, addRollupsOf, clearHourlyRollups } from './rollups-from-events'

export async function shiftActivityEvents(pool: Pool, activityId: number, days: number): Promise<number> {
  checkShiftDays(days)
  return retryDeadlocks(() =>
    inTransaction(pool, async (conn) => {
      const [campaigns] = await conn.query<RowDataPacket[]>(
        'SELECT DISTINCT campaign_id FROM behavior_events WHERE activity_id = ? AND campaign_id IS NOT NULL',
        [activityId],
      )
      const [moved] = await conn.query<ResultSetHeader>(
        'UPDATE behavior_events SET occurred_at = occurred_at - INTERVAL ? DAY WHERE activity_id = ?',
        [days, activityId],
      )
      if (moved.affectedRows === 0) return 0
      const scopes: { kind: ScopeKind; id: number }[] = [
        { kind: 'activity', id: activityId },
        ...campaigns.map((c) => ({ kind: 'campaign' as const, id: Number(c.campaign_id) })),
      ]
      for (const { kind, id } of scopes) {
        await clearHourlyRollups(conn, kind, id)
        await addRollupsOf(conn, [{ kind, where: `e.${kind}_id = ?`, values: [id] }])
      }
      // the moved events only got earlier: offered again, a link they carry wins where it now
      // is the earliest, and one already theirs takes its new time
      await addLinksOf(conn, 'e.activity_id = ?', [activityId])
      return moved.affectedRows
    }),
  )
}
