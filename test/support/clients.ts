/**
 * Connections for tests, closed together in `afterAll(closeTestClients)`. Opening one is what makes
 * a test an integration test: without the servers `./axon test` starts, it fails saying so.
 */
import { createRedis, type Redis } from '../../common/clients/redis'
import { createMysqlPool, type Pool } from '../../common/clients/mysql'
import { config, envName } from '../../common/config'

const open: Array<Redis | Pool> = []

/** Throws, with what to do, unless the test servers' URLs are set. */
export function requireTestServers(): void {
  const missing = [!config.redisUrl && envName.redisUrl, !config.mysqlUrl && envName.mysqlUrl].filter(Boolean)
  if (missing.length)
    throw new Error(
      `this is an integration test: it talks to a real Redis and MariaDB, and ${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} not set. ` +
        `Run it with ./axon test <file> (it starts both), or export ${envName.redisUrl} and ${envName.mysqlUrl} (./axon infra prints them)`,
    )
}

/** A connection to the suite's Redis, or to the one at `url` (a test's own). */
export function testRedis(name = 'test', blocking = false, url?: string): Redis {
  requireTestServers()
  const redis = createRedis({ name, blocking, url })
  open.push(redis)
  return redis
}

export function testPool(connectionLimit = 10): Pool {
  requireTestServers()
  const pool = createMysqlPool({ connectionLimit })
  open.push(pool)
  return pool
}

export async function closeTestClients(): Promise<void> {
  const all = open.splice(0)
  await Promise.all(all.map((c) => ('quit' in c ? c.quit().catch(() => {}) : c.end().catch(() => {}))))
}
