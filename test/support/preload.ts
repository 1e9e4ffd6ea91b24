/**
 * Runs before every test file. Tests need a real Redis and MariaDB/MySQL: `./axon test` starts
 * project-owned servers and exports REDIS_URL and MYSQL_URL; running `bun test` by hand needs them
 * exported. The database is created and migrated here (idempotent), so a test file can run alone.
 */
import { config, envName } from '../../common/config'
import { createMysqlPool } from '../../common/clients/mysql'
import { ensureDatabase, migrate } from '../../common/db/migrate'
import { migrationSets } from '../../infra/migrations'

if (!config.redisUrl || !config.mysqlUrl) {
  throw new Error(
    `tests talk to a real Redis and MariaDB: run ./axon test (it starts both), or export ${envName.redisUrl} and ${envName.mysqlUrl}`,
  )
}

await ensureDatabase(config.mysqlUrl)
const pool = createMysqlPool({ connectionLimit: 1 })
await migrate(pool, migrationSets)
await pool.end()
