/** SQL of the raw behaviour events and of the write log that marks who inserted them. */
import type { Db, PoolConnection, ResultSetHeader, RowDataPacket } from '../../../common/clients/mysql'
import type { BehaviorEvent, TriggerType } from '../../../common/schemas/behavior-event'
import type { ScopeKind } from '../rollup-keys'

/** Opens a write: its id is new to the table, so no row stored before carries it. */
export async function openWrite(conn: PoolConnection, events: number): Promise<number> {
  const [result] = await conn.query<ResultSetHeader>('INSERT INTO behavior_writes (events) VALUES (?)', [events])
  return result.insertId
}

const columns = [
  'event_id', 'trigger_type', 'occurred_at', 'user_id', 'anonymous_id', 'session_id', 'campaign_id', 'activity_id',
  'page_url', 'referrer', 'user_agent', 'properties', 'write_id',
] as const

/**
 * A JSON column refuses text with a lone UTF-16 surrogate (a tracker that cut an emoji in half),
 * even under IGNORE; other columns get U+FFFD for it from the driver, so property values get it here
 * (the schema limits keys to ASCII).
 */
function propertiesJson(properties: BehaviorEvent['properties']): string | null {
  if (!properties) return null
  const entries = Object.entries(properties).map(([key, value]) => [key, typeof value === 'string' ? value.toWellFormed() : value])
  return JSON.stringify(Object.fromEntries(entries))
}

/** UTC `YYYY-MM-DD HH:MM:SS.mmm`: the driver's own Date formatting is a third of a batch's client-side cost. */
export const utcDateTime = (iso: string) => new Date(iso).toISOString().slice(0, 23).replace('T', ' ')

function row(event: BehaviorEvent, writeId: number) {
  return [
    event.eventId,
    event.triggerType,
    utcDateTime(event.occurredAt),
    event.userId ?? null,
    event.anonymousId ?? null,
    event.sessionId ?? null,
    event.campaignId ?? null,
    event.activityId ?? null,
    event.pageUrl ?? null,
    event.referrer ?? null,
    event.userAgent ?? null,
    propertiesJson(event.properties),
    writeId,
  ]
}

/**
 * Inserts the events whose id is not stored yet, in one statement; returns how many it inserted
 * and the id of the first (0 when none). IGNORE skips exactly the duplicates: the sink's schema
 * check bounds every other value to its column, so no other error is there to be turned into a warning.
 */
export async function insertNewEvents(conn: PoolConnection, writeId: number, events: readonly BehaviorEvent[]) {
  const [result] = await conn.query<ResultSetHeader>(`INSERT IGNORE INTO behavior_events (${columns.join(', ')}) VALUES ?`, [
    events.map((event) => row(event, writeId)),
  ])
  return { inserted: result.affectedRows, firstId: result.insertId }
}

/** Which of `eventIds` this write inserted (by the unique key, then the write's mark). */
export async function eventIdsInsertedBy(conn: PoolConnection, writeId: number, eventIds: readonly string[]): Promise<Set<string>> {
  const [rows] = await conn.query<RowDataPacket[]>('SELECT event_id FROM behavior_events WHERE event_id IN (?) AND write_id = ?', [
    eventIds,
    writeId,
  ])
  return new Set(rows.map((r) => String(r.event_id)))
}

const optional = (value: unknown) => (value === null || value === undefined ? undefined : value)

function toEvent(r: RowDataPacket): BehaviorEvent {
  const fields: Record<string, unknown> = {
    eventId: r.event_id,
    triggerType: r.trigger_type as TriggerType,
    occurredAt: (r.occurred_at as Date).toISOString(),
    userId: r.user_id === null ? undefined : Number(r.user_id),
    anonymousId: optional(r.anonymous_id),
    sessionId: optional(r.session_id),
    pageUrl: optional(r.page_url),
    referrer: optional(r.referrer),
    userAgent: optional(r.user_agent),
    campaignId: r.campaign_id === null ? undefined : Number(r.campaign_id),
    activityId: r.activity_id === null ? undefined : Number(r.activity_id),
    // MariaDB hands JSON columns back as text, MySQL as parsed values
    properties: r.properties === null ? undefined : typeof r.properties === 'string' ? JSON.parse(r.properties) : r.properties,
  }
  for (const key of Object.keys(fields)) if (fields[key] === undefined) delete fields[key]
  return fields as BehaviorEvent
}

/** The latest events of one activity or campaign, on its (scope, occurred_at) index. */
export async function latestEvents(db: Db, kind: ScopeKind, id: number, triggerType: TriggerType | undefined, limit: number) {
  const column = kind === 'activity' ? 'activity_id' : 'campaign_id'
  const [rows] = await db.query<RowDataPacket[]>(
    `SELECT ${columns.slice(0, -1).join(', ')} FROM behavior_events
      WHERE ${column} = ? ${triggerType ? 'AND trigger_type = ?' : ''} ORDER BY occurred_at DESC, id DESC LIMIT ?`,
    triggerType ? [id, triggerType, limit] : [id, limit],
  )
  return rows.map(toEvent)
}
