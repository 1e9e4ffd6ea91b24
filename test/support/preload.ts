/**
 * Runs before every test file. Unit tests need nothing from it. Integration tests need a real Redis
 * and MariaDB/MySQL: `./axon test` starts project-owned servers and exports REDIS_URL and
 * MYSQL_URL; with them set, the database is created and migrated here (idempotent), so a test
 * file can run alone. Without them, an integration test fails at its first connection, saying so
 * (see requireTestServers in clients.ts).
 */
import { config } from '../../common/config'
import { createMysqlPool } from '../../common/clients/mysql'
import { createRedis } from '../../common/clients/redis'
import { markIntact, markRestoring, readStateMarker } from '../../common/redis/state-marker'
import { ensureDatabase, migrate } from '../../common/db/migrate'
import { migrationSets } from '../../infra/migrations'

if (config.mysqlUrl) {
  await ensureDatabase(config.mysqlUrl)
  const pool = createMysqlPool({ connectionLimit: 1 })
  await migrate(pool, migrationSets)
  await pool.end()
}

// the test Redis stands for one core has loaded; tests of a Redis that lost its state use their own
if (config.redisUrl) {
  const redis = createRedis({ name: 'preload' })
  if ((await readStateMarker(redis)) !== 'intact') {
    await markRestoring(redis)
    await markIntact(redis)
  }
  await redis.quit()
}
