/** Core's migration set, so core and its CLI can bring a database up to date on their own. */
import { join } from 'node:path'
import type { Pool } from '../../common/clients/mysql'
import { ensureDatabase, migrate, type MigrationSet } from '../../common/db/migrate'

export const coreMigrations: MigrationSet = { scope: 'core', dir: join(import.meta.dir, 'migrations') }

/** Creates the database named in `url` if needed and applies core's pending migrations. */
export async function prepareCoreSchema(url: string, pool: Pool) {
  await ensureDatabase(url)
  return migrate(pool, [coreMigrations])
}
