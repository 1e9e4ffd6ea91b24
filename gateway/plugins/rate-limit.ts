/**
 * A token bucket per client address, in this gateway's memory: cheap on a hot path, and per
 * instance (N gateways allow N times the rate), which is enough to stop a runaway or hostile
 * client without a Redis round trip per request.
 *
 * Memory is bounded two ways, so a client that rotates addresses cannot grow it: a bucket that has
 * refilled to its burst is the same as none and is forgotten, and past `maxClients` buckets the one
 * used longest ago goes. The map is kept in order of last use, so both happen from its front.
 */
import { AppError } from '../../common/errors'

export interface RateLimiter {
  /** throws 429 RATE_LIMITED when the client is over its rate */
  take(client: string): void
  /** buckets held now */
  readonly clients: number
}

export interface TokenBucketOptions {
  perSecond: number
  burst?: number
  /** most clients remembered at once (~100 bytes each) */
  maxClients?: number
  now?: () => number
}

export function tokenBucket({ perSecond, burst = perSecond * 2, maxClients = 100_000, now = Date.now }: TokenBucketOptions): RateLimiter {
  if (perSecond <= 0) return { take() {}, clients: 0 }
  const buckets = new Map<string, { tokens: number; at: number }>()
  const refillMs = (burst / perSecond) * 1000

  function forgetIdle(t: number) {
    for (const [client, bucket] of buckets) {
      if (t - bucket.at < refillMs && buckets.size < maxClients) return
      buckets.delete(client)
    }
  }

  return {
    take(client) {
      const t = now()
      const bucket = buckets.get(client) ?? { tokens: burst, at: t }
      buckets.delete(client)
      forgetIdle(t)
      bucket.tokens = Math.min(burst, bucket.tokens + ((t - bucket.at) / 1000) * perSecond)
      bucket.at = t
      buckets.set(client, bucket)
      if (bucket.tokens < 1) {
        const retryAfter = Math.ceil((1 - bucket.tokens) / perSecond)
        throw new AppError('RATE_LIMITED', 429, `too many requests from this client; retry in ${retryAfter} s`, { retryAfterSeconds: retryAfter })
      }
      bucket.tokens -= 1
    },
    get clients() {
      return buckets.size
    },
  }
}
