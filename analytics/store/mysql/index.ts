/**
 * The MySQL behaviour store (the embedded default): raw events plus rollups, written in one
 * transaction per batch (write-events.ts); counts come from the rollups, never the raw rows.
 */
import { createMysqlPool, type Pool } from '../../../common/clients/mysql'
import type { BehaviorEvent, TriggerType } from '../../../common/schemas/behavior-event'
import type { BehaviorStore, Scope, WriteResult } from '../port'
import { scopeKind, wholeHours } from '../rollup-keys'
import { writeStorable } from '../storable'
import { bulkLoadEvents } from './bulk-load'
import { latestEvents } from './events-repository'
import { activePeopleCount, peopleCounts, personFirsts } from './people-repository'
import { countsByTrigger, hourlyCounts, visitorCount } from './rollups-repository'
import { shiftActivityEvents } from './time-travel'
import { writeEvents } from './write-events'

export interface MysqlStoreOptions {
  /** the database (MYSQL_URL by default); its schema must be migrated (see schema.ts) */
  url?: string
  connectionLimit?: number
}

export interface MysqlBehaviorStore extends BehaviorStore {
  /**
   * Stores a large chunk of events (thousands to hundreds of thousands) faster than `write`,
   * leaving the store as `write` would (bulk-load.ts): for loading generated data, not for the sink.
   */
  bulkLoad(events: readonly BehaviorEvent[]): Promise<WriteResult>
}

export function createMysqlBehaviorStore(options: MysqlStoreOptions = {}): MysqlBehaviorStore {
  const pool: Pool = createMysqlPool(options)
  // A value a column cannot hold fails its statement (and is found, write-events.ts) instead of
  // being stored truncated, also on a server whose sql_mode is not strict. INSERT IGNORE still
  // turns such errors into warnings: the checks before the write (storable.ts) cover it.
  pool.on('connection', (conn) => conn.query("SET SESSION sql_mode = TRIM(BOTH ',' FROM CONCAT(@@SESSION.sql_mode, ',STRICT_ALL_TABLES'))"))
  const target = (scope: Scope) => scopeKind(scope)
  return {
    kind: 'mysql',
    write: (events) => writeStorable(events, (storable) => writeEvents(pool, storable)),
    bulkLoad: (events) => writeStorable(events, (storable) => bulkLoadEvents(pool, storable)),
    async countByTrigger(scope, range) {
      const { kind, id } = target(scope)
      const rows = await countsByTrigger(pool, kind, id, range && wholeHours(range))
      return Object.fromEntries(rows.map((r) => [r.triggerType, r.events])) as Partial<Record<TriggerType, number>>
    },
    hourlyCounts(scope, range) {
      const { kind, id } = target(scope)
      return hourlyCounts(pool, kind, id, wholeHours(range))
    },
    uniqueVisitors(scope) {
      const { kind, id } = target(scope)
      return visitorCount(pool, kind, id)
    },
    peopleByTrigger(scope, range) {
      const { kind, id } = target(scope)
      return peopleCounts(pool, kind, id, range && wholeHours(range))
    },
    personFirsts(scope, triggers, range) {
      const { kind, id } = target(scope)
      return personFirsts(pool, kind, id, triggers, range && wholeHours(range))
    },
    activePeople(scope, since) {
      const { kind, id } = target(scope)
      return activePeopleCount(pool, kind, id, since)
    },
    shiftActivityEvents: (activityId, days) => shiftActivityEvents(pool, activityId, days),
    recentEvents(scope, query = {}) {
      const { kind, id } = target(scope)
      return latestEvents(pool, kind, id, query.triggerType, query.limit ?? 20)
    },
    close: () => pool.end(),
  }
}
