/**
 * Composition root of core: the admin JSON API, the command worker threads, the outbox relay, the
 * eligibility warm job, the activity state in Redis (synced at start, restored whenever Redis loses
 * it, retired once an activity is over), and the check that Redis keeps what it is given.
 */
import { createBus } from '../common/bus'
import { busLagGauge } from '../common/bus/lag-gauge'
import { createMysqlPool, mysqlUrl } from '../common/clients/mysql'
import { createRedis } from '../common/clients/redis'
import { config } from '../common/config'
import { shutdownOnSignals } from '../common/lifecycle'
import { createLogger } from '../common/log'
import { reportRedisSafety } from '../common/redis/safety'
import { groups, topics } from '../common/topics'
import { createActivityState } from './activity-state/activity-state'
import { syncActivityStates, watchActivityState } from './activity-state/sync'
import { createCoreApp } from './app'
import { prepareCoreSchema } from './db/schema'
import { startHoldRecorder } from './activity-state/hold-recorder'
import { refreshCohortSummaries } from './jobs/cohort-summaries'
import { every } from './jobs/every'
import { mysqlJobRuns } from './jobs/job-runs'
import { retireEndedActivities } from './jobs/retire-activities'
import { warmEligibilityVerdicts } from './jobs/warm-eligibility'
import { createCoreMetrics } from './metrics'
import { startOutboxRelay } from './outbox/relay'
import { startCommandWorkers } from './workers/pool'

const log = createLogger({ process: 'core' })
const lifecycle = shutdownOnSignals(log, 20_000)

const pool = createMysqlPool()
lifecycle.add('mysql', () => pool.end())
const redis = createRedis({ name: 'core' })
lifecycle.add('redis', () => redis.quit())
await reportRedisSafety(redis, log)
await prepareCoreSchema(mysqlUrl(), pool)
const bus = createBus({ log })
lifecycle.add('bus', () => bus.close())

const metrics = createCoreMetrics()
busLagGauge(metrics.registry, bus, [{ topic: topics.campaignActivityCommand, group: groups.coreCommandWorkers }], log)
const activityState = createActivityState(redis)
const unappliedCommands = () => bus.backlog(topics.campaignActivityCommand, groups.coreCommandWorkers)
await syncActivityStates(pool, activityState, log, { unappliedCommands })
const stateWatch = watchActivityState(pool, activityState, log, 1000, { unappliedCommands })
lifecycle.add('activity state watch', () => stateWatch.stop())

const relay = startOutboxRelay({ pool, bus, log, pollMs: config.outboxPollMs, onPublished: (n) => metrics.outboxPublished.inc(n) })
lifecycle.add('outbox relay', () => relay.stop())

const workers = startCommandWorkers({
  size: config.commandWorkers,
  settings: {
    topic: topics.campaignActivityCommand,
    group: groups.coreCommandWorkers,
    eventTopic: topics.eventRaw,
    batchSize: config.busBatchSize,
    maxDeliveries: config.busMaxDeliveries,
    reclaimIdleMs: config.busReclaimIdleMs,
    concurrency: config.commandWorkerConcurrency,
  },
  log,
  onTally: (tally) => {
    metrics.recordCommands(tally)
    if (tally.applied) relay.nudge()
  },
})
lifecycle.add('command workers', () => workers.stop())

const jobRuns = mysqlJobRuns(pool, log)
const warmVerdicts = every(60_000, 'warm eligibility verdicts', log, () =>
  warmEligibilityVerdicts(pool, redis, {
    leadMinutes: config.eligibilityWarmLeadMinutes,
    verdictTtlSeconds: config.verdictTtlSeconds,
    maxShoppers: config.eligibilityWarmMaxShoppers,
  }),
  { runs: jobRuns, rows: (result) => result.verdicts },
)
const retireActivities = every(60_000, 'retire ended activities', log, () =>
  retireEndedActivities(pool, activityState, log, { retentionMs: config.endedActivityRetentionHours * 3_600_000 }),
  { runs: jobRuns, rows: (result) => result.retired + result.forgotten },
)
const stopping = new AbortController()
const cohortSummaries = every(config.cohortSummaryIntervalSeconds * 1000, 'cohort summaries', log, () =>
  refreshCohortSummaries(pool, { timeZone: config.shopTimeZone, signal: stopping.signal }),
  { runs: jobRuns },
)
const holdRecorder = startHoldRecorder({ redis, pool, log, intervalMs: config.holdRecordIntervalMs })
lifecycle.add('jobs', () => {
  stopping.abort()
  return Promise.all([warmVerdicts.stop(), retireActivities.stop(), cohortSummaries.stop(), holdRecorder.stop()])
})

const app = createCoreApp({ pool, redis, bus, activityState, metrics, log, internalToken: config.internalToken, jobRuns, production: config.env === 'production' }).listen({
  hostname: config.host,
  port: config.corePort,
})
lifecycle.add('http', () => app.stop())
log.info('core listening', { url: `http://localhost:${config.corePort}`, commandWorkers: config.commandWorkers })
