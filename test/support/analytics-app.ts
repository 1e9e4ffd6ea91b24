/**
 * The analytics app as main.ts builds it, on the suite's Redis and MariaDB: for tests that drive it
 * with `app.handle` or serve it on a free port for a browser. Close with `close()` in afterAll
 * (then `closeTestClients()`).
 */
import { createAnalyticsApp, type AnalyticsDeps } from '../../analytics/app'
import type { Assistant } from '../../analytics/assistant/port'
import { coreAdmin, type CoreAdmin } from '../../analytics/modules/admin-forms/core-admin'
import { reportingPool } from '../../analytics/reporting/pool'
import { createMysqlBehaviorStore } from '../../analytics/store/mysql'
import type { BehaviorStore } from '../../analytics/store/port'
import { createRedisStreamsBus } from '../../common/bus/redis-streams'
import { createMysqlPool, mysqlUrl } from '../../common/clients/mysql'
import { migrateDatabase } from '../../common/db/migrate'
import { createLogger } from '../../common/log'
import { createRegistry } from '../../common/metrics'
import type { JobRuns } from '../../core/jobs/job-runs'
import { migrationSets } from '../../infra/migrations'
import { testPool, testRedis } from './clients'
import { testCoreApp } from './core-app'

export interface TestAnalyticsOptions {
  /** another client of core's admin API (one that cannot reach it, say) instead of the in-process core app */
  core?: CoreAdmin
  /** a MySQL URL instead of the suite's database (accounts, domain facts, behaviour and core's admin API all use it) */
  mysqlUrl?: string
  /** the scheduled jobs core's jobs API lists (as core's main.ts schedules them) */
  jobRuns?: JobRuns
  /** wraps the real behaviour store the app reads, e.g. to make one of its reads fail */
  store?: (real: BehaviorStore) => BehaviorStore
  /** the assistant the app asks (a test double of the port, or the real service) */
  assistant?: Assistant
  /** shorter live timings (analytics/app.ts liveTiming) */
  liveTiming?: AnalyticsDeps['liveTiming']
}

export function testAnalyticsApp(name: string, options: TestAnalyticsOptions = {}) {
  const redis = testRedis(name)
  const log = createLogger({ process: name }, 'error')
  const url = options.mysqlUrl
  const realStore = createMysqlBehaviorStore({ url, connectionLimit: 2 })
  const store = options.store?.(realStore) ?? realStore
  const reporting = reportingPool({ url: url ?? mysqlUrl(), connectionLimit: 2 })
  const pool = url ? createMysqlPool({ url, connectionLimit: 2 }) : testPool(2)
  const bus = createRedisStreamsBus(() => redis, log)
  // core's real admin app, called in-process as analytics calls it over HTTP in production
  const core = testCoreApp({ pool: url ? pool : undefined, jobRuns: options.jobRuns })
  const coreClient = options.core ?? coreAdmin({ url: 'http://core.test', token: '', send: (r) => core.app.handle(r) })
  const app = createAnalyticsApp({ bus, store, redis, reporting, accounts: pool, core: coreClient, log, registry: createRegistry(name), assistant: options.assistant, liveTiming: options.liveTiming })
  let server: { stop(): unknown } | undefined
  return {
    app,
    redis,
    /** a writable pool on the app's database (accounts, fixtures) */
    pool,
    store,
    /** core's admin app the forms write through (its `call` for fixtures) */
    core,
    /** serves the app on a free port of 127.0.0.1; its base URL */
    serve(): string {
      app.listen({ hostname: '127.0.0.1', port: 0 })
      server = app.server!
      return `http://127.0.0.1:${app.server!.port}`
    },
    async close() {
      await server?.stop()
      await Promise.all([realStore.close(), reporting.end(), bus.close(), url ? pool.end() : undefined])
    },
  }
}

/**
 * A database of its own on the suite's MariaDB, migrated and empty: for the empty states of pages
 * (the suite's database holds every other test's campaigns). `drop()` removes it.
 */
export async function emptyDatabase(name: string) {
  const url = new URL(mysqlUrl())
  url.pathname = `/${name}_${crypto.randomUUID().slice(0, 8).replace(/-/g, '')}`
  await migrateDatabase(url.toString(), migrationSets)
  return {
    url: url.toString(),
    async drop() {
      const pool = createMysqlPool({ url: url.toString(), connectionLimit: 1 })
      await pool.query(`DROP DATABASE \`${url.pathname.slice(1)}\``).finally(() => pool.end())
    },
  }
}
