/**
 * Runs before every test file. Unit tests need nothing from it. Integration tests need a real Redis
 * and MariaDB/MySQL: `./axon test` starts project-owned servers and exports REDIS_URL and
 * MYSQL_URL; with them set, the database is created and migrated here (idempotent), so a test
 * file can run alone. Without them, an integration test fails at its first connection, saying so
 * (see requireTestServers in clients.ts).
 */
import { config } from '../../common/config'
import { createMysqlPool } from '../../common/clients/mysql'
import { ensureDatabase, migrate } from '../../common/db/migrate'
import { migrationSets } from '../../infra/migrations'

if (config.mysqlUrl) {
  await ensureDatabase(config.mysqlUrl)
  const pool = createMysqlPool({ connectionLimit: 1 })
  await migrate(pool, migrationSets)
  await pool.end()
}
