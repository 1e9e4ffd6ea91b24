/**
 * The composition root's one way to get a behaviour store: the adapter AXON_BEHAVIOR_STORE names,
 * ready to write (MySQL: its tables migrated; Elasticsearch: its index template in place).
 */
import { mysqlUrl } from '../../common/clients/mysql'
import { config } from '../../common/config'
import type { Logger } from '../../common/log'
import { createElasticsearchStore } from './elasticsearch'
import { createMysqlBehaviorStore } from './mysql'
import { prepareBehaviorSchema } from './mysql/schema'
import type { BehaviorStore } from './port'

export async function openBehaviorStore(log: Logger): Promise<BehaviorStore> {
  if (config.behaviorStore === 'elasticsearch') return createElasticsearchStore({ url: config.elasticsearchUrl, log })
  await prepareBehaviorSchema(mysqlUrl())
  return createMysqlBehaviorStore()
}
