/** The behaviour store's migration set, so analytics can bring its tables up to date on its own. */
import { join } from 'node:path'
import { createMysqlPool } from '../../../common/clients/mysql'
import { ensureDatabase, migrate, type MigrationSet } from '../../../common/db/migrate'

export const analyticsMigrations: MigrationSet = { scope: 'analytics', dir: join(import.meta.dir, 'migrations') }

/** Creates the database named in `url` if needed and applies the behaviour store's pending migrations. */
export async function prepareBehaviorSchema(url: string) {
  await ensureDatabase(url)
  const pool = createMysqlPool({ url, connectionLimit: 1 })
  try {
    return await migrate(pool, [analyticsMigrations])
  } finally {
    await pool.end()
  }
}
