/**
 * The gateway's HTTP app, built from its dependencies so tests can drive it with
 * `app.handle(new Request(…))` against real Redis.
 */
import { Elysia } from 'elysia'
import type { Redis } from 'ioredis'
import type { Registry } from 'prom-client'
import type { ShopperTokens } from '../common/auth/shopper-token'
import { errorHandling } from '../common/http/errors'
import type { Logger } from '../common/log'
import { metricsRoute } from '../common/metrics'
import type { VerdictSource } from './eligibility/verdicts'
import type { ReservationScripts } from './lua/scripts'
import type { GatewayMetrics } from './metrics'
import { devTokenRoutes } from './modules/dev-tokens'
import { paymentRoutes } from './modules/payments'
import { reservationRoutes } from './modules/reservations'

export interface GatewayDeps {
  redis: Redis
  scripts: ReservationScripts
  verdicts: VerdictSource
  tokens: ShopperTokens
  log: Logger
  registry: Registry
  metrics: GatewayMetrics
  holdTtlMs: number
  commandOutbox: string
  devTokens: boolean
  now?: () => number
}

export function createGatewayApp(deps: GatewayDeps) {
  const services = { ...deps, now: deps.now ?? Date.now }
  const app = new Elysia({ normalize: false })
    .use(errorHandling(deps.log))
    .get('/health', async ({ set }) => {
      const redis = await deps.redis.ping().then(() => 'up', () => 'down')
      if (redis !== 'up') set.status = 503
      return { status: redis === 'up' ? 'ok' : 'degraded', redis }
    })
    .use(metricsRoute(deps.registry))
    .use(reservationRoutes(services))
    .use(paymentRoutes(services))
  return deps.devTokens ? app.use(devTokenRoutes(deps.tokens)) : app
}
