/**
 * The rollups built in SQL from raw rows already stored (INSERT … SELECT), for the paths that
 * store events first and count them after: the bulk load (bulk-load.ts) and time travel
 * (time-travel.ts). They add exactly what write-events.ts adds per batch — the same keys, the
 * same rules (isCounted, visitorOf, linkOf; the bulk-load test compares every read) — so rows
 * counted this way and rows counted by `write` add up.
 */
import type { PoolConnection } from '../../../common/clients/mysql'
import type { ScopeKind } from '../rollup-keys'
import { anonymousVisitor, countedSql, earliestFirstWins, earliestLinkWins } from './people-repository'

/** Which raw rows (`e`) to count, under which scope. */
export interface Arm {
  kind: ScopeKind
  where: string
  values: unknown[]
}

/** The arms counting the rows `where` picks under each scope they name. */
export const bothScopes = (where: string, values: unknown[]): Arm[] => [
  { kind: 'activity', where: `${where} AND e.activity_id IS NOT NULL`, values },
  { kind: 'campaign', where: `${where} AND e.campaign_id IS NOT NULL`, values },
]

const visitorSql = `COALESCE(CONCAT('u:', e.user_id) COLLATE utf8mb4_bin, ${anonymousVisitor('e')})`
const hourSql = "DATE_FORMAT(e.occurred_at, '%Y-%m-%d %H:00:00')"

/** One SELECT per arm, glued with UNION ALL: the counted rows as (scope, scope_id, …columns). */
function counted(arms: readonly Arm[], columns: string) {
  const selects = arms.map(
    (arm) => `SELECT '${arm.kind}' AS scope, e.${arm.kind}_id AS scope_id, ${columns} FROM behavior_events e WHERE ${arm.where} AND ${countedSql('e')}`,
  )
  return { sql: selects.join(' UNION ALL '), values: arms.flatMap((arm) => arm.values) }
}

/**
 * Adds the rows' counts and first times to the rollups of the arms' scopes. The derived
 * tables' columns are named apart from the target's, which ON DUPLICATE KEY UPDATE refers to.
 */
export async function addRollupsOf(conn: PoolConnection, arms: readonly Arm[]): Promise<void> {
  const people = counted(arms, `e.trigger_type, ${hourSql} AS hour, ${visitorSql} AS visitor, e.occurred_at`)
  await conn.query(
    `INSERT INTO behavior_people_hourly (scope, scope_id, trigger_type, hour, visitor, first_at)
     SELECT * FROM (SELECT scope, scope_id, trigger_type, hour, visitor, MIN(occurred_at) AS earliest FROM (${people.sql}) AS c
      WHERE visitor IS NOT NULL GROUP BY scope, scope_id, trigger_type, hour, visitor) AS f ${earliestFirstWins}`,
    people.values,
  )
  const hours = counted(arms, `${hourSql} AS hour, e.trigger_type`)
  await conn.query(
    `INSERT INTO behavior_hourly_counts (scope, scope_id, hour, trigger_type, events)
     SELECT * FROM (SELECT scope, scope_id, hour, trigger_type, COUNT(*) AS n FROM (${hours.sql}) AS c
      GROUP BY scope, scope_id, hour, trigger_type) AS h ON DUPLICATE KEY UPDATE events = events + VALUES(events)`,
    hours.values,
  )
}

/** Adds the identity links of the raw rows `where` picks (earliest wins, as write-events.ts). */
export async function addLinksOf(conn: PoolConnection, where: string, values: unknown[]): Promise<void> {
  await conn.query(
    `INSERT INTO behavior_identities (visitor, user_id, linked_at, event_id)
     SELECT * FROM (SELECT ${anonymousVisitor('e')} AS link_visitor, e.user_id AS link_user, e.occurred_at AS link_at, e.event_id AS link_event
       FROM behavior_events e
      WHERE ${where} AND e.user_id IS NOT NULL AND NULLIF(e.anonymous_id, '') IS NOT NULL) AS l ${earliestLinkWins}`,
    values,
  )
}

/** Empties the time-bound rollups of one scope (counts per hour, first times), to be added again. */
export async function clearHourlyRollups(conn: PoolConnection, kind: ScopeKind, id: number): Promise<void> {
  await conn.query('DELETE FROM behavior_hourly_counts WHERE scope = ? AND scope_id = ?', [kind, id])
  await conn.query('DELETE FROM behavior_people_hourly WHERE scope = ? AND scope_id = ?', [kind, id])
}
