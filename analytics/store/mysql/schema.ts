/** The behaviour store's migration set, so analytics can bring its tables up to date on its own. */
import { join } from 'node:path'
import { migrateDatabase, type MigrationSet } from '../../../common/db/migrate'

export const analyticsMigrations: MigrationSet = { scope: 'analytics', dir: join(import.meta.dir, 'migrations') }

/** Creates the database named in `url` if needed and applies the behaviour store's pending migrations. */
export const prepareBehaviorSchema = (url: string) => migrateDatabase(url, [analyticsMigrations])
