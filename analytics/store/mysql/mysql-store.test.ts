/** The behaviour store contract against MySQL/MariaDB (MYSQL_URL, migrated by the test preload). */
import { registerBehaviorStoreContract } from '../../../test/contracts/behavior-store'
import { createMysqlBehaviorStore } from './index'

registerBehaviorStoreContract('behaviour store contract: MySQL', { open: () => createMysqlBehaviorStore() })
