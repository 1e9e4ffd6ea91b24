/** Composition root of the gateway: shopper-facing HTTP, the hold sweeper, the command outbox. */
import { shopperTokens } from '../common/auth/shopper-token'
import { createRedis } from '../common/clients/redis'
import { config } from '../common/config'
import { shutdownOnSignals } from '../common/lifecycle'
import { createLogger } from '../common/log'
import { createRegistry } from '../common/metrics'
import { commandOutbox } from '../common/topics'
import { createGatewayApp } from './app'
import { coreVerdicts } from './eligibility/verdicts'
import { startHoldSweeper } from './holds/sweeper'
import { reservationScripts } from './lua/scripts'
import { gatewayMetrics } from './metrics'

const log = createLogger({ process: 'gateway' })
const lifecycle = shutdownOnSignals(log)

const redis = createRedis({ name: 'gateway' })
lifecycle.add('redis', () => redis.quit())
const scripts = reservationScripts(redis)
const registry = createRegistry('gateway')
const metrics = gatewayMetrics(registry)

const app = createGatewayApp({
  redis,
  scripts,
  verdicts: coreVerdicts({ redis, coreUrl: config.coreUrl, internalToken: config.internalToken, ttlSeconds: config.verdictTtlSeconds }),
  tokens: shopperTokens(config.userJwtSecret),
  log,
  registry,
  metrics,
  holdTtlMs: config.holdTtlSeconds * 1000,
  commandOutbox: commandOutbox(config.bus),
  devTokens: config.devTokens,
}).listen(config.gatewayPort)
lifecycle.add('http', () => app.stop())

const sweeper = startHoldSweeper({
  redis,
  scripts,
  log,
  intervalMs: config.holdSweepIntervalMs,
  onReleased: (n) => metrics.holdsReleased.inc(n),
})
lifecycle.add('hold sweeper', () => sweeper.stop())

log.info('gateway listening', { url: `http://localhost:${config.gatewayPort}`, bus: config.bus })
