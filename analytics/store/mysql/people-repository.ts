/**
 * SQL of people (migration 0002): identity links, and each visitor's first time per trigger type
 * and hour of a scope. A person is read as the link's user when the visitor is a linked anonymous
 * id, so a link that arrives after the anonymous events still joins them.
 */
import type { Db, PoolConnection, RowDataPacket } from '../../../common/clients/mysql'
import type { TriggerType } from '../../../common/schemas/behavior-event'
import type { PersonFirsts, TimeRange } from '../port'
import { userIdOf, type ScopeKind } from '../rollup-keys'
import { utcDateTime } from './events-repository'

export interface IdentityLink {
  /** `a:<anonymousId>` */
  visitor: string
  userId: number
  /** occurredAt and eventId of the event that carried it: the earliest wins */
  linkedAt: string
  eventId: string
}

export interface PersonHour {
  kind: ScopeKind
  id: number
  triggerType: TriggerType
  hour: Date
  visitor: string
  /** ISO-8601 */
  firstAt: string
}

/**
 * Keeps, per anonymous id, the link of the earliest event (occurredAt, then eventId). MySQL
 * assigns left to right: user_id and event_id are decided on the old linked_at before it moves.
 */
export async function addIdentityLinks(conn: PoolConnection, links: readonly IdentityLink[]): Promise<void> {
  if (!links.length) return
  await conn.query(
    `INSERT INTO behavior_identities (visitor, user_id, linked_at, event_id) VALUES ? ${earliestLinkWins}`,
    [links.map((l) => [l.visitor, l.userId, utcDateTime(l.linkedAt), l.eventId])],
  )
}

const earlier = '(VALUES(linked_at), VALUES(event_id)) < (linked_at, event_id)'
export const earliestLinkWins = `ON DUPLICATE KEY UPDATE
  user_id = IF(${earlier}, VALUES(user_id), user_id),
  event_id = IF(${earlier}, VALUES(event_id), event_id),
  linked_at = LEAST(linked_at, VALUES(linked_at))`

/** Records first times; a visitor already recorded earlier in the hour keeps the earlier time. */
export async function addPeopleHours(conn: PoolConnection, rows: readonly PersonHour[]): Promise<void> {
  if (!rows.length) return
  await conn.query(
    `INSERT INTO behavior_people_hourly (scope, scope_id, trigger_type, hour, visitor, first_at) VALUES ? ${earliestFirstWins}`,
    [rows.map((r) => [r.kind, r.id, r.triggerType, r.hour, r.visitor, utcDateTime(r.firstAt)])],
  )
}

export const earliestFirstWins = 'ON DUPLICATE KEY UPDATE first_at = LEAST(first_at, VALUES(first_at))'

/** The person behind a rollup row `p`: its linked user, else the visitor itself. */
const personOfRow = "COALESCE(CONCAT('u:', i.user_id), p.visitor)"
const peopleOfScope = 'behavior_people_hourly p LEFT JOIN behavior_identities i ON i.visitor = p.visitor WHERE p.scope = ? AND p.scope_id = ?'

function hoursBetween(range: TimeRange | undefined) {
  return range ? { sql: 'AND p.hour >= ? AND p.hour < ?', values: [range.from, range.to] } : { sql: '', values: [] }
}

export async function peopleCounts(db: Db, kind: ScopeKind, id: number, range?: TimeRange) {
  const hours = hoursBetween(range)
  const [rows] = await db.query<RowDataPacket[]>(
    `SELECT p.trigger_type, COUNT(DISTINCT ${personOfRow}) AS people FROM ${peopleOfScope} ${hours.sql} GROUP BY p.trigger_type`,
    [kind, id, ...hours.values],
  )
  return Object.fromEntries(rows.map((r) => [r.trigger_type, Number(r.people)])) as Partial<Record<TriggerType, number>>
}

export async function personFirsts(db: Db, kind: ScopeKind, id: number, triggers: readonly TriggerType[], range?: TimeRange): Promise<PersonFirsts[]> {
  if (!triggers.length) return []
  const hours = hoursBetween(range)
  const [rows] = await db.query<RowDataPacket[]>(
    `SELECT ${personOfRow} AS person, p.trigger_type, MIN(p.first_at) AS first_at FROM ${peopleOfScope} ${hours.sql}
        AND p.trigger_type IN (?) GROUP BY person, p.trigger_type`,
    [kind, id, ...hours.values, triggers],
  )
  const people = new Map<string, PersonFirsts>()
  for (const r of rows) {
    const person = String(r.person)
    const entry = people.get(person) ?? { person, userId: userIdOf(person), first: {} }
    entry.first[r.trigger_type as TriggerType] = (r.first_at as Date).toISOString()
    people.set(person, entry)
  }
  return [...people.values()].sort((a, b) => (a.person < b.person ? -1 : a.person > b.person ? 1 : 0))
}

/**
 * People with a counted event since `since`, from the raw events on their (scope, occurred_at)
 * index: a few minutes of one activity or campaign are few rows.
 */
export async function activePeopleCount(db: Db, kind: ScopeKind, id: number, since: Date): Promise<number> {
  const column = kind === 'activity' ? 'activity_id' : 'campaign_id'
  const [rows] = await db.query<RowDataPacket[]>(
    `SELECT COUNT(DISTINCT COALESCE(CONCAT('u:', COALESCE(e.user_id, i.user_id)), ${anonymousVisitor('e')})) AS people
       FROM behavior_events e LEFT JOIN behavior_identities i ON e.user_id IS NULL AND i.visitor = ${anonymousVisitor('e')}
      WHERE e.${column} = ? AND e.occurred_at >= ? AND ${countedSql('e')}`,
    [id, utcDateTime(since.toISOString())],
  )
  return Number(rows[0]!.people)
}

/** `a:<anonymousId>` of a raw row, NULL when it has none (visitorOf: an empty id is none). */
export const anonymousVisitor = (e: string) => `CONCAT('a:', NULLIF(${e}.anonymous_id, '')) COLLATE utf8mb4_bin`

/** isCounted (rollup-keys.ts) of a raw row: a PURCHASE counts only from the backend. */
export const countedSql = (e: string) => `(${e}.trigger_type <> 'PURCHASE' OR JSON_UNQUOTE(JSON_EXTRACT(${e}.properties, '$.source')) = 'backend')`
