/**
 * BASELINE, NOT PRODUCT CODE: the real gateway app (`createGatewayApp`: the same routes,
 * validation, metrics, error mapping and reserve-8.lua) with another shopper-token verifier, to
 * measure what verifying a JWT costs. Composed as gateway/main.ts does it, minus the hold sweeper
 * (nothing lapses during a run). Entry points: uncached-jwt-server.ts, no-jwt-server.ts.
 */
import type { ShopperTokens } from '../../../common/auth/shopper-token'
import { createRedis } from '../../../common/clients/redis'
import { config } from '../../../common/config'
import { createLogger } from '../../../common/log'
import { createRegistry } from '../../../common/metrics'
import { commandOutbox } from '../../../common/topics'
import { createGatewayApp } from '../../../gateway/app'
import { coreVerdicts } from '../../../gateway/eligibility/verdicts'
import { reservationScripts } from '../../../gateway/lua/scripts'
import { gatewayMetrics } from '../../../gateway/metrics'
import { exitOnSignals } from './baseline-server'

/** Only `verify` runs on the reservation path; variants never issue tokens. */
export function verifyOnly(verify: ShopperTokens['verify']): ShopperTokens {
  return {
    verify,
    sign: () => {
      throw new Error('a benchmark variant does not issue tokens')
    },
  }
}

export function serveGatewayVariant(tokens: ShopperTokens) {
  const log = createLogger({ process: 'gateway-variant' })
  const redis = createRedis({ name: 'bench-variant' })
  const registry = createRegistry('gateway-variant')
  const app = createGatewayApp({
    redis,
    scripts: reservationScripts(redis),
    verdicts: coreVerdicts({ redis, coreUrl: config.coreUrl, internalToken: config.internalToken, ttlSeconds: config.verdictTtlSeconds }),
    tokens,
    log,
    registry,
    metrics: gatewayMetrics(registry),
    holdTtlMs: config.holdTtlSeconds * 1000,
    commandOutbox: commandOutbox(config.bus),
    devTokens: false,
  }).listen(config.gatewayPort)
  exitOnSignals(app)
}
