/** SQL of the rollups: events per scope, hour and trigger type, and the distinct visitors of each scope. */
import type { Db, PoolConnection, RowDataPacket } from '../../../common/clients/mysql'
import type { TriggerType } from '../../../common/schemas/behavior-event'
import type { TimeRange } from '../port'
import type { ScopeKind } from '../rollup-keys'

export interface HourlyIncrement {
  kind: ScopeKind
  id: number
  hour: Date
  triggerType: TriggerType
  events: number
}

/** Adds to the counters, creating the missing ones; rows come in key order (see write-events.ts). */
export async function addHourlyCounts(conn: PoolConnection, increments: readonly HourlyIncrement[]): Promise<void> {
  if (!increments.length) return
  await conn.query(
    `INSERT INTO behavior_hourly_counts (scope, scope_id, hour, trigger_type, events) VALUES ?
     ON DUPLICATE KEY UPDATE events = events + VALUES(events)`,
    [increments.map((i) => [i.kind, i.id, i.hour, i.triggerType, i.events])],
  )
}

/** `AND hour >= ? AND hour < ?` for a range already widened to whole hours, or nothing. */
function hoursBetween(range: TimeRange | undefined) {
  return range ? { sql: 'AND hour >= ? AND hour < ?', values: [range.from, range.to] } : { sql: '', values: [] }
}

export async function countsByTrigger(db: Db, kind: ScopeKind, id: number, range?: TimeRange) {
  const hours = hoursBetween(range)
  const [rows] = await db.query<RowDataPacket[]>(
    `SELECT trigger_type, SUM(events) AS events FROM behavior_hourly_counts
      WHERE scope = ? AND scope_id = ? ${hours.sql} GROUP BY trigger_type`,
    [kind, id, ...hours.values],
  )
  return rows.map((r) => ({ triggerType: r.trigger_type as TriggerType, events: Number(r.events) }))
}

export async function hourlyCounts(db: Db, kind: ScopeKind, id: number, range: TimeRange) {
  const hours = hoursBetween(range)
  const [rows] = await db.query<RowDataPacket[]>(
    `SELECT hour, trigger_type, events FROM behavior_hourly_counts
      WHERE scope = ? AND scope_id = ? ${hours.sql} ORDER BY hour, trigger_type`,
    [kind, id, ...hours.values],
  )
  return rows.map((r) => ({ hour: (r.hour as Date).toISOString(), triggerType: r.trigger_type as TriggerType, count: Number(r.events) }))
}

/**
 * Distinct visitors of the scope: a range of behavior_people_hourly (migration 0003 retired the
 * visitor sets, which every write paid for and only this read used).
 */
export async function visitorCount(db: Db, kind: ScopeKind, id: number): Promise<number> {
  const [rows] = await db.query<RowDataPacket[]>(
    'SELECT COUNT(DISTINCT visitor) AS visitors FROM behavior_people_hourly WHERE scope = ? AND scope_id = ?',
    [kind, id],
  )
  return Number(rows[0]!.visitors)
}
