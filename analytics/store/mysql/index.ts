/**
 * The MySQL behaviour store (the embedded default): raw events plus rollups, written in one
 * transaction per batch (write-events.ts); counts come from the rollups, never the raw rows.
 */
import { createMysqlPool, type Pool } from '../../../common/clients/mysql'
import type { TriggerType } from '../../../common/schemas/behavior-event'
import type { BehaviorStore, Scope } from '../port'
import { scopeKind, wholeHours } from '../rollup-keys'
import { latestEvents } from './events-repository'
import { countsByTrigger, hourlyCounts, visitorCount } from './rollups-repository'
import { writeEvents } from './write-events'

export interface MysqlStoreOptions {
  /** the database (MYSQL_URL by default); its schema must be migrated (see schema.ts) */
  url?: string
  connectionLimit?: number
}

export function createMysqlBehaviorStore(options: MysqlStoreOptions = {}): BehaviorStore {
  const pool: Pool = createMysqlPool(options)
  const target = (scope: Scope) => scopeKind(scope)
  return {
    kind: 'mysql',
    write: (events) => writeEvents(pool, events),
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
    recentEvents(scope, query = {}) {
      const { kind, id } = target(scope)
      return latestEvents(pool, kind, id, query.triggerType, query.limit ?? 20)
    },
    close: () => pool.end(),
  }
}
