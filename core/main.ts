/**
 * Composition root of core: the admin JSON API, the eligibility warm job, and the start-up sync
 * of activity state into Redis. (The command workers and the outbox relay join once the bus
 * adapters land.)
 */
import { createMysqlPool, mysqlUrl } from '../common/clients/mysql'
import { createRedis } from '../common/clients/redis'
import { config } from '../common/config'
import { shutdownOnSignals } from '../common/lifecycle'
import { createLogger } from '../common/log'
import { createActivityState } from './activity-state/activity-state'
import { syncActivityStates } from './activity-state/sync'
import { createCoreApp } from './app'
import { prepareCoreSchema } from './db/schema'
import { every } from './jobs/every'
import { warmEligibilityVerdicts } from './jobs/warm-eligibility'
import { createCoreMetrics } from './metrics'

const log = createLogger({ process: 'core' })
const lifecycle = shutdownOnSignals(log, 20_000)

const pool = createMysqlPool()
lifecycle.add('mysql', () => pool.end())
const redis = createRedis({ name: 'core' })
lifecycle.add('redis', () => redis.quit())
await prepareCoreSchema(mysqlUrl(), pool)
const metrics = createCoreMetrics()
const activityState = createActivityState(redis)
await syncActivityStates(pool, activityState, log)

const warmVerdicts = every(60_000, 'warm eligibility verdicts', log, () =>
  warmEligibilityVerdicts(pool, redis, {
    leadMinutes: config.eligibilityWarmLeadMinutes,
    verdictTtlSeconds: config.verdictTtlSeconds,
    maxShoppers: config.eligibilityWarmMaxShoppers,
  }),
)
lifecycle.add('jobs', () => warmVerdicts.stop())

const app = createCoreApp({ pool, redis, activityState, metrics, log, internalToken: config.internalToken }).listen(config.corePort)
lifecycle.add('http', () => app.stop())
log.info('core listening', { url: `http://localhost:${config.corePort}` })
