/**
 * The analytics HTTP app (the marketer's app), built from its dependencies so tests can drive it
 * with `app.handle(new Request(…))`. /health asks the bus and the behaviour store. Everything but
 * login, static files, probes and docs needs a signed-in marketer (analytics/auth).
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
import type { Assistant } from './assistant/port'
import { authGuard } from './auth'
import { campaignScope } from './auth/scope'
import { activityPageRoutes } from './modules/activity-page'
import { adminFormRoutes } from './modules/admin-forms'
import { assistantRoutes } from './modules/assistant'
import type { CoreAdmin } from './modules/admin-forms/core-admin'
import { campaignPageRoutes } from './modules/campaign-page'
import { campaignRoutes } from './modules/campaigns'
import { cohortRoutes } from './modules/cohort'
import { cohortPageRoutes } from './modules/cohort-page'
import { dashboardRoutes } from './modules/dashboard'
import { devRoutes } from './modules/dev'
import { jobRoutes } from './modules/jobs'
import { loginRoutes } from './modules/login'
import { staticRoutes } from './modules/static'
import { activityHub } from './sse/activity-live'
import { renderLive } from './modules/activity-page/live'
import type { BehaviorStore } from './store/port'

export interface AnalyticsDeps {
  bus: Bus
  store: BehaviorStore
  /** live state (stock, participants), the dashboard cache, marketers' sessions and login throttle; read only for activity keys */
  redis: Redis
  /** analytics' own writable MySQL tables: the marketers' accounts */
  accounts: Pool
  /** core's admin API: the forms write campaigns, products and activities through it */
  core: CoreAdmin
  /** the read-only reporting port's pool over MySQL (analytics/reporting/) */
  reporting: Pool
  log: Logger
  registry: Registry
  /** the marketing assistant (analytics/assistant/); without it, questions answer 503 ASSISTANT_UNAVAILABLE */
  assistant?: Assistant
  /** tests: shorter live timings than `liveTiming` */
  liveTiming?: Partial<typeof liveTiming>
}

/**
 * Live dashboards read once a second; a quiet stream gets a comment every 15 s; browsers retry
 * after 1 s; an open stream checks every 30 s that its viewer may still watch (10,000 viewers: 333
 * session reads a second).
 */
export const liveTiming = { intervalMs: 1000, heartbeatMs: 15_000, retryMs: 1000, recheckMs: 30_000 }

export function createAnalyticsApp(deps: AnalyticsDeps) {
  const timing = { ...liveTiming, ...deps.liveTiming }
  const live = activityHub(deps, renderLive, { intervalMs: timing.intervalMs, heartbeatMs: timing.heartbeatMs, retryMs: timing.retryMs })
  const app = new Elysia({ serve: { maxRequestBodySize: adminBodyMaxBytes } })
    .use(errorHandling(deps.log))
    .use(authGuard(deps))
    .use(campaignScope(deps))
    .use(staticRoutes())
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
    .use(loginRoutes(deps))
    .use(campaignRoutes(deps))
    .use(adminFormRoutes(deps))
    .use(jobRoutes(deps))
    .use(dashboardRoutes(deps))
    .use(cohortRoutes(deps))
    .use(devRoutes({ store: deps.store, env: config.env }))
    .use(campaignPageRoutes(deps))
    .use(cohortPageRoutes(deps))
    .use(activityPageRoutes(deps, live, timing.recheckMs))
    .use(assistantRoutes(deps))
  // open live streams never end by themselves: close them before the server waits for its requests
  return Object.assign(app, { closeLiveStreams: () => live.close(), liveStats: () => live.stats() })
}
