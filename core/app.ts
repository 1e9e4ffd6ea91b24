/** Core's HTTP app: admin JSON API, the internal eligibility endpoint, health and metrics. */
import { Elysia } from 'elysia'
import type { Bus } from '../common/bus/port'
import type { Pool } from '../common/clients/mysql'
import type { Redis } from '../common/clients/redis'
import { adminBodyMaxBytes } from '../common/http/body'
import { apiDocs } from '../common/http/docs'
import { errorHandling } from '../common/http/errors'
import { healthRoutes } from '../common/http/health'
import type { Logger } from '../common/log'
import { metricsRoute } from '../common/metrics'
import { groups, topics } from '../common/topics'
import type { ActivityState } from './activity-state/activity-state'
import { eligibilityRoutes } from './eligibility'
import { requireInternalToken } from './http/internal-token'
import type { CoreMetrics } from './metrics'
import { activityRoutes } from './modules/activities'
import type { JobRuns } from './jobs/job-runs'
import { campaignRoutes } from './modules/campaigns'
import { devRoutes } from './modules/dev'
import { jobRoutes } from './modules/jobs'
import { orderRoutes } from './modules/orders'
import { productRoutes } from './modules/products'
import { shopperRoutes } from './modules/shoppers'

export interface CoreAppDeps {
  pool: Pool
  redis: Redis
  /** the bus core's workers read commands from and its outbox relay publishes to */
  bus: Bus
  activityState: ActivityState
  metrics: CoreMetrics
  log: Logger
  /** empty: admin and internal routes are open (development) */
  internalToken: string
  /** where core's PURCHASE events go through the outbox (default `axon.event.raw`) */
  eventTopic?: string
  /** the recorder core's scheduled jobs run with (the jobs API shows their intervals) */
  jobRuns?: JobRuns
  /** AXON_ENV=production: dev-only routes answer 403 DEV_ONLY */
  production?: boolean
  /** how long time travel waits for the activity's paid commands still on the bus (default 15 s) */
  timeTravelWaitMs?: number
}

export function createCoreApp(deps: CoreAppDeps) {
  return new Elysia({ serve: { maxRequestBodySize: adminBodyMaxBytes } })
    .use(errorHandling(deps.log))
    .use(apiDocs('core', 'admin JSON API (campaigns, products, activities, shoppers) and the internal eligibility endpoint'))
    .use(requireInternalToken(deps.internalToken))
    .use(
      healthRoutes(
        {
          mysql: () => deps.pool.query('SELECT 1'),
          redis: () => deps.redis.ping(),
          bus: () => deps.bus.backlog(topics.campaignActivityCommand, groups.coreCommandWorkers),
        },
        { log: deps.log },
      ),
    )
    .use(metricsRoute(deps.metrics.registry))
    .use(campaignRoutes(deps.pool))
    .use(productRoutes(deps.pool))
    .use(activityRoutes(deps))
    .use(shopperRoutes(deps))
    .use(jobRoutes(deps))
    .use(devRoutes({ ...deps, production: deps.production ?? false, appliedWaitMs: deps.timeTravelWaitMs ?? 15_000 }))
    .use(orderRoutes({ ...deps, eventTopic: deps.eventTopic ?? topics.eventRaw }))
    .use(eligibilityRoutes(deps.pool))
}
