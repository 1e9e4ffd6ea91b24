/** Composition root of the gateway: shopper-facing HTTP, the hold sweeper, the command outbox. */
import { hostname } from 'node:os'
import { shopperTokens } from '../common/auth/shopper-token'
import { createBus } from '../common/bus'
import { forwardCommandOutbox } from './outbox/forward'
import { createRedis } from '../common/clients/redis'
import { config } from '../common/config'
import { shutdownOnSignals } from '../common/lifecycle'
import { createLogger } from '../common/log'
import { reportRedisSafety } from '../common/redis/safety'
import { createRegistry } from '../common/metrics'
import { commandOutbox, topics } from '../common/topics'
import { createGatewayApp } from './app'
import { coreVerdicts } from './eligibility/verdicts'
import { startHoldSweeper } from './holds/sweeper'
import { reservationScripts } from './lua/scripts'
import { gatewayMetrics } from './metrics'
import { cachedTrackerScript } from './modules/tracker-script'
import { buildTracker } from '../tracker/build'

const log = createLogger({ process: 'gateway' })
const lifecycle = shutdownOnSignals(log)

const redis = createRedis({ name: 'gateway' })
lifecycle.add('redis', () => redis.quit())
await reportRedisSafety(redis, log)
const scripts = reservationScripts(redis, { outbox: commandOutbox(config.bus) })
const bus = createBus({ log })
lifecycle.add('bus', () => bus.close())
const registry = createRegistry('gateway')
const trackerScript = cachedTrackerScript(buildTracker)
await trackerScript()
const metrics = gatewayMetrics(registry)

const app = createGatewayApp({
  redis,
  scripts,
  verdicts: coreVerdicts({ scripts, coreUrl: config.coreUrl, internalToken: config.internalToken, ttlSeconds: config.verdictTtlSeconds }),
  tokens: shopperTokens(config.userJwtSecret, { audience: config.userJwtAudience, issuer: config.userJwtIssuer }),
  log,
  registry,
  metrics,
  holdTtlMs: config.holdTtlSeconds * 1000,
  devTokens: config.devTokens,
  trackerScript,
  collect: {
    bus,
    topic: topics.eventRaw,
    maxEvents: config.collectMaxEvents,
    maxBodyBytes: config.collectMaxBodyBytes,
    origins: config.storefrontOrigins,
    ratePerSecond: config.collectRateLimit,
    trustedProxyHops: config.trustedProxyHops,
    maxAgeMs: config.eventMaxAgeHours * 3_600_000,
    maxAheadMs: config.eventMaxAheadSeconds * 1000,
  },
}).listen({ hostname: config.host, port: config.gatewayPort })
lifecycle.add('http', () => app.stop())

const sweeper = startHoldSweeper({
  redis,
  scripts,
  log,
  intervalMs: config.holdSweepIntervalMs,
  onReleased: (n) => metrics.holdsReleased.inc(n),
})
lifecycle.add('hold sweeper', () => sweeper.stop())

if (bus.kind === 'kafka') {
  const forwarder = await forwardCommandOutbox({ target: bus, consumer: `gateway-${hostname()}-${process.pid}`, log })
  lifecycle.add('command outbox forwarder', () => forwarder.stop())
}

log.info('gateway listening', { url: `http://localhost:${config.gatewayPort}`, bus: config.bus })
