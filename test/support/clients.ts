/**
 * Connections for tests, closed together in `afterAll(closeTestClients)`.
 */
import { createRedis, type Redis } from '../../common/clients/redis'
import { createMysqlPool, type Pool } from '../../common/clients/mysql'

const open: Array<Redis | Pool> = []

/** A connection to the suite's Redis, or to the one at `url` (a test's own). */
export function testRedis(name = 'test', blocking = false, url?: string): Redis {
  const redis = createRedis({ name, blocking, url })
  open.push(redis)
  return redis
}

export function testPool(connectionLimit = 10): Pool {
  const pool = createMysqlPool({ connectionLimit })
  open.push(pool)
  return pool
}

export async function closeTestClients(): Promise<void> {
  const all = open.splice(0)
  await Promise.all(all.map((c) => ('quit' in c ? c.quit().catch(() => {}) : c.end().catch(() => {}))))
}
