/**
 * Runs before every test file. Tests need a real Redis and MariaDB/MySQL: `./axon test` starts
 * project-owned servers and exports REDIS_URL and MYSQL_URL; running `bun test` by hand needs them
 * exported. The database is created and migrated here (idempotent), so a test file can run alone.
 */
import { config, envName } from '../../common/config'
import { createMysqlPool } from '../../common/clients/mysql'
import { createRedis } from '../../common/clients/redis'
import { markIntact, markRestoring, readStateMarker } from '../../common/redis/state-marker'
import { ensureDatabase, migrate } from '../../common/db/migrate'
import { migrationSets } from '../../infra/migrations'

if (!config.redisUrl || !config.mysqlUrl) {
  throw new Error(
    `tests talk to a real Redis and MariaDB: run ./axon test (it starts both), or export ${envName.redisUrl} and ${envName.mysqlUrl}`,
  )
}

await ensureDatabase(config.mysqlUrl)
// the test Redis stands for one core has loaded; tests of a Redis that lost its state use their own
const redis = createRedis({ name: 'preload' })
if ((await readStateMarker(redis)) !== 'intact') {
  await markRestoring(redis)
  await markIntact(redis)
}
await redis.quit()
const pool = createMysqlPool({ connectionLimit: 1 })
await migrate(pool, migrationSets)
await pool.end()
