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
import { apiDocs } from '../common/http/docs'
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
import { clientAddress } from '../common/http/client-address'
import { tokenBucket } from './plugins/rate-limit'
import { shopperBodyMaxBytes } from './plugins/shopper-auth'

export interface CollectSettings {
  bus: Bus
  topic: string
  maxEvents: number
  maxBodyBytes: number
  origins: string
  ratePerSecond: number
  /** proxies of ours in front of the gateway (see clientAddress) */
  trustedProxyHops: number
  /** the window around receipt an event's occurredAt must fall in */
  maxAgeMs: number
  maxAheadMs: number
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
  devTokens: boolean
  collect: CollectSettings
  /** the built tracker SDK served at /axon.js (see cachedTrackerScript) */
  trackerScript: () => Promise<TrackerScript>
  now?: () => number
}

export function createGatewayApp(deps: GatewayDeps) {
  const services = { ...deps, now: deps.now ?? Date.now }
  let server: Server<unknown> | null = null
  // Bun refuses a longer body unread (413, no body, connection closed). Twice the largest route
  // limit, so a body a little over a route's limit still gets that route's 413 with its reason and
  // CORS headers (the tracker reads a 413 to halve its batch).
  const maxRequestBodySize = 2 * Math.max(deps.collect.maxBodyBytes, shopperBodyMaxBytes)
  const app = new Elysia({ normalize: false, serve: { maxRequestBodySize } })
    .use(errorHandling(deps.log))
    .use(apiDocs('gateway', 'shopper-facing API: reservations, payments, behaviour collection'))
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
        clientOf: (request) => clientAddress(request, deps.collect.trustedProxyHops, server?.requestIP(request)?.address),
        events: deps.metrics.collectedEvents,
        now: services.now,
      }),
    )
  return deps.devTokens ? app.use(devTokenRoutes(deps.tokens)) : app
}
