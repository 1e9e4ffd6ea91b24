/** Composition root of analytics: the marketer's app on its port, and the behaviour sink. */
import { hostname } from 'node:os'
import { createBus } from '../common/bus'
import { busLagGauge } from '../common/bus/lag-gauge'
import { createMysqlPool, mysqlUrl } from '../common/clients/mysql'
import { createRedis } from '../common/clients/redis'
import { config } from '../common/config'
import { shutdownOnSignals } from '../common/lifecycle'
import { createLogger } from '../common/log'
import { createRegistry } from '../common/metrics'
import { groups, topics } from '../common/topics'
import { prepareAccountsSchema } from './accounts/schema'
import { createAnalyticsApp } from './app'
import { configuredModel } from './assistant/gemini'
import { createBuiltInAnalyst } from './assistant/analyst'
import { createAssistant } from './assistant/service'
import { coreAdmin } from './modules/admin-forms/core-admin'
import { reportingPool } from './reporting/pool'
import { startBehaviorSink } from './sink/behavior-sink'
import { sinkMetrics } from './sink/metrics'
import { openBehaviorStore } from './store'

const log = createLogger({ process: 'analytics' })
// the sink's batch in hand is written and acknowledged before the process exits
const lifecycle = shutdownOnSignals(log, 20_000)
const registry = createRegistry('analytics')

const store = await openBehaviorStore(log)
lifecycle.add('behaviour store', () => store.close())
const bus = createBus({ log })
lifecycle.add('bus', () => bus.close())
const redis = createRedis({ name: 'analytics' })
lifecycle.add('redis', () => redis.quit())
const reporting = reportingPool()
lifecycle.add('reporting pool', () => reporting.end())
await prepareAccountsSchema(mysqlUrl())
const accounts = createMysqlPool({ connectionLimit: 4 })
lifecycle.add('accounts pool', () => accounts.end())
const core = coreAdmin({ url: config.coreUrl, token: config.internalToken })
busLagGauge(registry, bus, [{ topic: topics.eventRaw, group: groups.analyticsSink }], log)

// no GEMINI_API_KEY: every question goes to the built-in analyst
const assistant = createAssistant({ store, reporting, redis, log, registry, model: configuredModel(), analyst: createBuiltInAnalyst() })
const app = createAnalyticsApp({ bus, store, redis, reporting, accounts, core, log, registry, assistant }).listen({ hostname: config.host, port: config.analyticsPort })
lifecycle.add('http', () => app.stop())
lifecycle.add('live streams', () => app.closeLiveStreams())

const sink = await startBehaviorSink({
  bus,
  store,
  metrics: sinkMetrics(registry),
  consumer: `analytics-${hostname()}-${process.pid}`,
  consumers: config.sinkConsumers,
  batchSize: config.sinkBatchSize,
  maxDeliveries: config.busMaxDeliveries,
  reclaimIdleMs: config.busReclaimIdleMs,
})
lifecycle.add('behaviour sink', () => sink.stop())
log.info('analytics listening', { url: `http://localhost:${config.analyticsPort}`, behaviorStore: store.kind, bus: bus.kind, assistantModel: config.geminiApiKey ? config.geminiModel : 'none (built-in analyst)' })
