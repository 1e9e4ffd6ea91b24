/**
 * The analytics app as main.ts builds it, on the suite's Redis and MariaDB: for tests that drive it
 * with `app.handle` or serve it on a free port for a browser. Close with `close()` in afterAll
 * (then `closeTestClients()`).
 */
import { createAnalyticsApp } from '../../analytics/app'
import { reportingPool } from '../../analytics/reporting/pool'
import { createMysqlBehaviorStore } from '../../analytics/store/mysql'
import { createRedisStreamsBus } from '../../common/bus/redis-streams'
import { createLogger } from '../../common/log'
import { createRegistry } from '../../common/metrics'
import { coreAdmin, type CoreAdmin } from '../../analytics/modules/admin-forms/core-admin'
import { testPool, testRedis } from './clients'
import { testCoreApp } from './core-app'

/** `core`: another client of core's admin API (one that cannot reach it, say) instead of the in-process core app. */
export function testAnalyticsApp(name: string, options: { core?: CoreAdmin } = {}) {
  const redis = testRedis(name)
  const log = createLogger({ process: name }, 'error')
  const store = createMysqlBehaviorStore({ connectionLimit: 2 })
  const reporting = reportingPool({ connectionLimit: 2 })
  const pool = testPool(2)
  const bus = createRedisStreamsBus(() => redis, log)
  // core's real admin app, called in-process as analytics calls it over HTTP in production
  const core = testCoreApp()
  const app = createAnalyticsApp({ bus, store, redis, reporting, accounts: pool, core: options.core ?? coreAdmin({ url: 'http://core.test', token: '', send: (r) => core.app.handle(r) }), log, registry: createRegistry(name) })
  let server: { stop(): unknown } | undefined
  return {
    app,
    redis,
    /** a writable pool on the suite's database (accounts, fixtures) */
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
      await Promise.all([store.close(), reporting.end(), bus.close()])
    },
  }
}
