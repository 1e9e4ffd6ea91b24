/** Core's HTTP app: admin JSON API, the internal eligibility endpoint, health and metrics. */
import { Elysia } from 'elysia'
import type { Pool } from '../common/clients/mysql'
import type { Redis } from '../common/clients/redis'
import { adminBodyMaxBytes } from '../common/http/body'
import { errorHandling } from '../common/http/errors'
import type { Logger } from '../common/log'
import type { ActivityState } from './activity-state/activity-state'
import { eligibilityRoutes } from './eligibility'
import { requireInternalToken } from './http/internal-token'
import { operationRoutes } from './http/operations'
import type { CoreMetrics } from './metrics'
import { activityRoutes } from './modules/activities'
import { campaignRoutes } from './modules/campaigns'
import { productRoutes } from './modules/products'
import { shopperRoutes } from './modules/shoppers'

export interface CoreAppDeps {
  pool: Pool
  redis: Redis
  activityState: ActivityState
  metrics: CoreMetrics
  log: Logger
  /** empty: admin and internal routes are open (development) */
  internalToken: string
}

export function createCoreApp(deps: CoreAppDeps) {
  return new Elysia({ serve: { maxRequestBodySize: adminBodyMaxBytes } })
    .use(errorHandling(deps.log))
    .use(requireInternalToken(deps.internalToken))
    .use(operationRoutes(deps))
    .use(campaignRoutes(deps.pool))
    .use(productRoutes(deps.pool))
    .use(activityRoutes(deps))
    .use(shopperRoutes(deps.pool))
    .use(eligibilityRoutes(deps.pool))
}
