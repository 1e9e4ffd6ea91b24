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
import { recreateDatabase } from '../../infra/local/database'
import { platformClient, type PlatformClient } from '../simulators/platform-client'
import { progress } from './bench-main'
import { benchMysql, type BenchMysql } from './bench-mysql'
import { benchRedis, type BenchRedis } from './bench-redis'
import { createCatalog, readCatalog, type BenchCatalog } from './dashboard-catalog'
import { loadDashboardData } from './dashboard-load'
import { positive } from './options'
import { startBunServer, type BunServer } from './targets'

export interface FillOptions {
  events: number
  purchases: number
  campaigns: number
  activities: number
  seed: number
  /** reuse the database an earlier run filled with the same shape (fill it when it holds another) */
  keep: boolean
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

/** What a fill is made of: a kept database is reused only when it was filled with the same. */
const fillShape = ({ events, purchases, campaigns, activities, seed }: FillOptions) => JSON.stringify({ events, purchases, campaigns, activities, seed })

/** The shape the database was filled with, or null when it holds no finished fill. */
async function filledWith(pool: Pool): Promise<string | null> {
  const [tables] = await pool.query<any[]>("SELECT 1 FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = 'bench_fill'")
  if (!tables.length) return null
  const [rows] = await pool.query<any[]>('SELECT shape FROM bench_fill')
  return rows[0]?.shape ?? null
}

export async function filledDashboardStack(database: string, options: FillOptions): Promise<DashboardStack> {
  const mysql = await benchMysql({ database, durable: false, keep: options.keep })
  stopWhenDone('MariaDB', mysql.stop)
  const redisServer = await benchRedis('everysec')
  stopWhenDone('Redis', redisServer.stop)
  let pool = createMysqlPool({ url: mysql.url, connectionLimit: 2 })
  const reuse = options.keep && (await filledWith(pool)) === fillShape(options)
  if (options.keep && !reuse) {
    progress(`--keep: ${database} holds no fill of this shape, filling it`)
    await pool.end()
    await recreateDatabase(mysql.url)
    pool = createMysqlPool({ url: mysql.url, connectionLimit: 2 })
  }
  stopWhenDone('MySQL pool', () => pool.end())
  if (!config.mysqlUrl) {
    await pool.query('SET GLOBAL innodb_buffer_pool_size = 2147483648')
    // the dashboards' GROUP BYs over millions of rows stay in memory (the README recommends it for production)
    await pool.query('SET GLOBAL tmp_table_size = 536870912')
    await pool.query('SET GLOBAL max_heap_table_size = 536870912')
  }
  if (!config.redisUrl && !reuse) {
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

  if (reuse) {
    progress(`MySQL: ${mysql.description}; --keep: reusing its fill`)
    const catalog = await readCatalog(pool)
    const [[counts]] = await pool.query<any[]>('SELECT (SELECT COUNT(*) FROM users) AS shoppers, (SELECT COUNT(*) FROM campaign_activity_entries) AS entries')
    return { mysql, redis: redisServer, pool, core, analytics, client, catalog, loaded: { shoppers: Number(counts.shoppers), entries: Number(counts.entries) } }
  }
  progress(`MySQL: ${mysql.description}; creating ${options.campaigns} campaigns × ${options.activities} activities`)
  const catalog = await createCatalog(client, options.campaigns, options.activities)
  const store = createMysqlBehaviorStore({ url: mysql.url, connectionLimit: 2 })
  stopWhenDone('behaviour store', () => store.close())
  const loaded = await loadDashboardData(pool, store, catalog, options, progress)
  await pool.query('ANALYZE TABLE purchases, reservations, campaign_activity_entries, behavior_events, behavior_hourly_counts')
  // the mark that the fill finished: --keep reuses it
  await pool.query('CREATE TABLE bench_fill (shape JSON NOT NULL)')
  await pool.query('INSERT INTO bench_fill (shape) VALUES (?)', [fillShape(options)])
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
      keep: { type: 'boolean', default: false },
    },
  })
  return {
    events: positive('--events', values.events), purchases: positive('--purchases', values.purchases),
    campaigns: positive('--campaigns', values.campaigns), activities: positive('--activities', values.activities),
    requests: positive('--requests', values.requests), seed: positive('--seed', values.seed),
    keep: values.keep,
  }
}
