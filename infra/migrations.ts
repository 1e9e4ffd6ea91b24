/** The migration sets of the platform, in the order they are applied. */
import { join } from 'node:path'
import type { MigrationSet } from '../common/db/migrate'
import { projectRoot } from '../common/config'

export const migrationSets: readonly MigrationSet[] = [
  { scope: 'core', dir: join(projectRoot, 'core/db/migrations') },
  { scope: 'analytics', dir: join(projectRoot, 'analytics/store/mysql/migrations') },
  { scope: 'accounts', dir: join(projectRoot, 'analytics/accounts/migrations') },
]
