/** What the dashboards' service functions read from: behaviour, domain facts, live state and cache. */
import type { Pool } from '../../common/clients/mysql'
import type { Redis } from '../../common/clients/redis'
import type { Logger } from '../../common/log'
import type { BehaviorStore } from '../store/port'

export interface DashboardDeps {
  store: BehaviorStore
  /** the read-only reporting pool (analytics/reporting/) */
  reporting: Pool
  /** live activity state (read only) and the look-aside cache */
  redis: Redis
  log?: Logger
}
