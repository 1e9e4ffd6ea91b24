/**
 * The analytics HTTP app (the marketer's app), built from its dependencies so tests can drive it
 * with `app.handle(new Request(…))`. /health asks the bus and the behaviour store.
 */
import { Elysia } from 'elysia'
import type { Registry } from 'prom-client'
import type { Bus } from '../common/bus/port'
import type { Pool } from '../common/clients/mysql'
import type { Redis } from '../common/clients/redis'
import { config } from '../common/config'
import { adminBodyMaxBytes } from '../common/http/body'
import { apiDocs } from '../common/http/docs'
import { errorHandling } from '../common/http/errors'
import { healthRoutes } from '../common/http/health'
import type { Logger } from '../common/log'
import { metricsRoute } from '../common/metrics'
import { groups, topics } from '../common/topics'
import { campaignPageRoutes } from './modules/campaign-page'
import { cohortRoutes } from './modules/cohort'
import { cohortPageRoutes } from './modules/cohort-page'
import { dashboardRoutes } from './modules/dashboard'
import { devRoutes } from './modules/dev'
import type { BehaviorStore } from './store/port'

export interface AnalyticsDeps {
  bus: Bus
  store: BehaviorStore
  /** live state (stock, participants) and the dashboard cache; read only for activity keys */
  redis: Redis
  /** the read-only reporting port's pool over MySQL (analytics/reporting/) */
  reporting: Pool
  log: Logger
  registry: Registry
}

export function createAnalyticsApp(deps: AnalyticsDeps) {
  return new Elysia({ serve: { maxRequestBodySize: adminBodyMaxBytes } })
    .use(errorHandling(deps.log))
    .use(apiDocs('analytics', 'the marketing numbers: dashboard JSON API'))
    .use(
      healthRoutes(
        {
          bus: () => deps.bus.backlog(topics.eventRaw, groups.analyticsSink),
          // a count the dashboards make, for a scope without events: the store answers reads
          behaviorStore: () => deps.store.countByTrigger({ activityId: 0 }),
        },
        { log: deps.log },
      ),
    )
    .use(metricsRoute(deps.registry))
    .use(dashboardRoutes(deps))
    .use(cohortRoutes(deps))
    .use(devRoutes({ store: deps.store, env: config.env }))
    .use(campaignPageRoutes(deps))
    .use(cohortPageRoutes(deps))
}
