/** Composition root of analytics: the marketer's app on its port, and the behaviour sink. */
import { hostname } from 'node:os'
import { Elysia } from 'elysia'
import { createBus } from '../common/bus'
import { busLagGauge } from '../common/bus/lag-gauge'
import { config } from '../common/config'
import { adminBodyMaxBytes } from '../common/http/body'
import { errorHandling } from '../common/http/errors'
import { shutdownOnSignals } from '../common/lifecycle'
import { createLogger } from '../common/log'
import { createRegistry, metricsRoute } from '../common/metrics'
import { groups, topics } from '../common/topics'
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
busLagGauge(registry, bus, [{ topic: topics.eventRaw, group: groups.analyticsSink }], log)

const app = new Elysia({ serve: { maxRequestBodySize: adminBodyMaxBytes } })
  .use(errorHandling(log))
  .use(metricsRoute(registry))
  .get('/health', () => ({ status: 'ok' }))
  .listen(config.analyticsPort)
lifecycle.add('http', () => app.stop())

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
log.info('analytics listening', { url: `http://localhost:${config.analyticsPort}`, behaviorStore: store.kind, bus: bus.kind })
