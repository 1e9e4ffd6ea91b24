/** The accounts table's migration set, applied at analytics boot and by `./axon migrate`. */
import { join } from 'node:path'
import { migrateDatabase, type MigrationSet } from '../../common/db/migrate'

export const accountMigrations: MigrationSet = { scope: 'accounts', dir: join(import.meta.dir, 'migrations') }

export const prepareAccountsSchema = (url: string) => migrateDatabase(url, [accountMigrations])
