/**
 * What the dashboard benchmarks run on: a database and Redis of their own, the real core and
 * analytics processes (dashboard cache off: every answer computed), the catalog made through
 * core's admin API and the stores filled through the bulk paths (dashboard-load.ts).
 */
import { parseArgs } from 'node:util'
import { createMysqlBehaviorStore } from '../../analytics/store/mysql'
import { createMysqlPool, type Pool } from '../../common/clients/mysql'
import { config } from '../../common/config'
import { createRedis } from '../../common/clients/redis'
import { stopWhenDone } from '../../infra/cli/support/session'
import { platformClient, type PlatformClient } from '../simulators/platform-client'
import { progress } from './bench-main'
import { benchMysql, type BenchMysql } from './bench-mysql'
import { benchRedis, type BenchRedis } from './bench-redis'
import { createCatalog, type BenchCatalog } from './dashboard-catalog'
import { loadDashboardData } from './dashboard-load'
import { positive } from './options'
import { startBunServer, type BunServer } from './targets'

export interface FillOptions {
  events: number
  purchases: number
  campaigns: number
  activities: number
  seed: number
}

export interface DashboardStack {
  mysql: BenchMysql
  redis: BenchRedis
  pool: Pool
  core: BunServer
  analytics: BunServer
  client: PlatformClient
  catalog: BenchCatalog
  loaded: Awaited<ReturnType<typeof loadDashboardData>>
}

export async function filledDashboardStack(database: string, options: FillOptions): Promise<DashboardStack> {
  const mysql = await benchMysql({ database, durable: false })
  stopWhenDone('MariaDB', mysql.stop)
  const redisServer = await benchRedis('everysec')
  stopWhenDone('Redis', redisServer.stop)
  const pool = createMysqlPool({ url: mysql.url, connectionLimit: 2 })
  stopWhenDone('MySQL pool', () => pool.end())
  if (!config.mysqlUrl) await pool.query('SET GLOBAL innodb_buffer_pool_size = 2147483648')
  if (!config.redisUrl) {
    // ids start again at 1 in the re-created database: state of an earlier run must not meet them
    const redis = createRedis({ name: 'bench', url: redisServer.url })
    await redis.flushall().finally(() => redis.disconnect())
  }
  const common = { mysqlUrl: mysql.url, redisUrl: redisServer.url, logLevel: 'warn', internalToken: '', devTokens: false }
  const core = await startBunServer('core/main.ts', (corePort) => ({ ...common, corePort }))
  stopWhenDone('core', core.stop)
  // the cache off: every answer measured is computed
  const analytics = await startBunServer('analytics/main.ts', (analyticsPort) => ({ ...common, analyticsPort, reportingMysqlUrl: mysql.url, dashboardCacheSeconds: 0, cohortCacheSeconds: 0 }))
  stopWhenDone('analytics', analytics.stop)
  const client = platformClient({ gatewayUrl: '', coreUrl: core.url, analyticsUrl: analytics.url, internalToken: '' })

  progress(`MySQL: ${mysql.description}; creating ${options.campaigns} campaigns × ${options.activities} activities`)
  const catalog = await createCatalog(client, options.campaigns, options.activities)
  const store = createMysqlBehaviorStore({ url: mysql.url, connectionLimit: 2 })
  stopWhenDone('behaviour store', () => store.close())
  const loaded = await loadDashboardData(pool, store, catalog, options, progress)
  await pool.query('ANALYZE TABLE purchases, reservations, campaign_activity_entries, behavior_events, behavior_hourly_counts')
  return { mysql, redis: redisServer, pool, core, analytics, client, catalog, loaded }
}

/** The fill's flags and --requests, as both dashboard benchmarks take them. */
export function parseFillArgs(argv: string[], requestsDefault: number): FillOptions & { requests: number } {
  const { values } = parseArgs({
    args: argv,
    options: {
      events: { type: 'string', default: '10000000' }, purchases: { type: 'string', default: '1000000' },
      campaigns: { type: 'string', default: '20' }, activities: { type: 'string', default: '5' },
      requests: { type: 'string', default: String(requestsDefault) }, seed: { type: 'string', default: '1' },
    },
  })
  return {
    events: positive('--events', values.events), purchases: positive('--purchases', values.purchases),
    campaigns: positive('--campaigns', values.campaigns), activities: positive('--activities', values.activities),
    requests: positive('--requests', values.requests), seed: positive('--seed', values.seed),
  }
}
