/**
 * Starts the real gateway app on a free port against the test Redis, with a fresh shopper-token
 * secret, for tests that go through HTTP.
 */
import type { Redis } from 'ioredis'
import { shopperTokens, type ShopperTokenOptions } from '../../common/auth/shopper-token'
import type { Bus } from '../../common/bus/port'
import { createRedisStreamsBus } from '../../common/bus/redis-streams'
import { redisUrl } from '../../common/clients/redis'
import { createLogger } from '../../common/log'
import { createRegistry } from '../../common/metrics'
import { createGatewayApp } from '../../gateway/app'
import { coreVerdicts, type VerdictSource } from '../../gateway/eligibility/verdicts'
import { reservationScripts } from '../../gateway/lua/scripts'
import { gatewayMetrics } from '../../gateway/metrics'
import { cachedTrackerScript } from '../../gateway/modules/tracker-script'
import { buildTracker } from '../../tracker/build'

const trackerScript = cachedTrackerScript(buildTracker)

export interface TestGatewayOptions {
  redis: Redis
  holdTtlMs?: number
  commandOutbox?: string
  verdicts?: VerdictSource
  coreUrl?: string
  now?: () => number
  /** bus /collect publishes to; by default a Redis Streams bus of its own on the test Redis */
  bus?: Bus
  eventTopic?: string
  collectRatePerSecond?: number
  trustedProxyHops?: number
  /** the audience and issuer shopper tokens must carry */
  tokenClaims?: ShopperTokenOptions
  storefrontOrigins?: string
}

export function startTestGateway(o: TestGatewayOptions) {
  const secret = crypto.randomUUID() + crypto.randomUUID()
  const tokens = shopperTokens(secret, o.tokenClaims)
  const registry = createRegistry('gateway-test')
  const scripts = reservationScripts(o.redis, { outbox: o.commandOutbox ?? `test.commands.${crypto.randomUUID()}` })
  const log = createLogger({ process: 'gateway-test' }, 'error')
  const bus = o.bus ?? createRedisStreamsBus(redisUrl(), log)
  const eventTopic = o.eventTopic ?? `test.events.${crypto.randomUUID()}`
  const app = createGatewayApp({
    redis: o.redis,
    scripts,
    verdicts: o.verdicts ?? coreVerdicts({ scripts, coreUrl: o.coreUrl ?? 'http://127.0.0.1:9', internalToken: '', ttlSeconds: 60 }),
    tokens,
    log,
    registry,
    metrics: gatewayMetrics(registry),
    holdTtlMs: o.holdTtlMs ?? 60_000,
    devTokens: true,
    trackerScript,
    collect: {
      bus,
      topic: eventTopic,
      maxEvents: 500,
      maxBodyBytes: 262_144,
      origins: o.storefrontOrigins ?? '*',
      ratePerSecond: o.collectRatePerSecond ?? 0,
      trustedProxyHops: o.trustedProxyHops ?? 0,
      maxAgeMs: 720 * 3_600_000,
      maxAheadMs: 3_600_000,
    },
    now: o.now,
  }).listen(0)
  const url = `http://127.0.0.1:${app.server!.port}`

  const call = (path: string, init: { method?: string; userId?: number; auth?: string; body?: unknown } = {}) =>
    fetch(url + path, {
      method: init.method ?? 'POST',
      headers: {
        'content-type': 'application/json',
        ...(init.auth !== undefined ? { authorization: init.auth } : init.userId ? { authorization: `Bearer ${tokens.sign(init.userId)}` } : {}),
      },
      body: init.body === undefined ? undefined : typeof init.body === 'string' ? init.body : JSON.stringify(init.body),
    })

  return {
    app,
    url,
    secret,
    tokens,
    scripts,
    call,
    reserve: (activityId: number, userId: number) => call(`/api/v1/activities/${activityId}/reservations`, { userId }),
    confirm: (token: string, userId: number, extra: Record<string, unknown> = {}) =>
      call('/api/v1/payments/confirm', { userId, body: { token, ...extra } }),
    cancel: (token: string, userId: number) => call('/api/v1/payments/cancel', { userId, body: { token } }),
    eventTopic,
    stop: async () => {
      await app.stop(true)
      if (!o.bus) await bus.close()
    },
  }
}
