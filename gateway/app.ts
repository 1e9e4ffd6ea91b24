/**
 * The gateway's HTTP app, built from its dependencies so tests can drive it with
 * `app.handle(new Request(…))` against real Redis.
 */
import type { Server } from 'bun'
import { Elysia } from 'elysia'
import type { Redis } from 'ioredis'
import type { Registry } from 'prom-client'
import type { ShopperTokens } from '../common/auth/shopper-token'
import type { Bus } from '../common/bus/port'
import { errorHandling } from '../common/http/errors'
import { healthRoutes } from '../common/http/health'
import type { Logger } from '../common/log'
import { metricsRoute } from '../common/metrics'
import { groups } from '../common/topics'
import type { VerdictSource } from './eligibility/verdicts'
import type { ReservationScripts } from './lua/scripts'
import type { GatewayMetrics } from './metrics'
import { collectRoutes } from './modules/collect'
import { devTokenRoutes } from './modules/dev-tokens'
import { paymentRoutes } from './modules/payments'
import { reservationRoutes } from './modules/reservations'
import { trackerScriptRoutes, type TrackerScript } from './modules/tracker-script'
import { tokenBucket } from './plugins/rate-limit'

export interface CollectSettings {
  bus: Bus
  topic: string
  maxEvents: number
  maxBodyBytes: number
  origins: string
  ratePerSecond: number
  trustProxy: boolean
}

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
  collect: CollectSettings
  /** the built tracker SDK served at /axon.js (see cachedTrackerScript) */
  trackerScript: () => Promise<TrackerScript>
  now?: () => number
}

export function createGatewayApp(deps: GatewayDeps) {
  const services = { ...deps, now: deps.now ?? Date.now }
  let server: Server<unknown> | null = null
  const app = new Elysia({ normalize: false })
    .use(errorHandling(deps.log))
    .onStart((instance) => {
      server = instance.server
    })
    .use(
      healthRoutes(
        { redis: () => deps.redis.ping(), bus: () => deps.collect.bus.backlog(deps.collect.topic, groups.analyticsSink) },
        { log: deps.log },
      ),
    )
    .use(metricsRoute(deps.registry))
    .use(reservationRoutes(services))
    .use(paymentRoutes(services))
    .use(trackerScriptRoutes(deps.trackerScript))
    .use(
      collectRoutes({
        ...deps.collect,
        limiter: tokenBucket({ perSecond: deps.collect.ratePerSecond }),
        clientOf: (request) => clientAddress(request, deps.collect.trustProxy, server?.requestIP(request)?.address),
        events: deps.metrics.collectedEvents,
      }),
    )
  return deps.devTokens ? app.use(devTokenRoutes(deps.tokens)) : app
}

function clientAddress(request: Request, trustProxy: boolean, peer: string | undefined): string {
  if (trustProxy) {
    const forwarded = request.headers.get('x-forwarded-for')?.split(',')[0]?.trim()
    if (forwarded) return forwarded
  }
  return peer ?? 'unknown'
}
