/**
 * A token bucket per client address, in this gateway's memory: cheap on a hot path, and per
 * instance (N gateways allow N times the rate), which is enough to stop a runaway or hostile
 * client without a Redis round trip per request. Idle buckets are forgotten.
 */
import { AppError } from '../../common/errors'

export interface RateLimiter {
  /** throws 429 RATE_LIMITED when the client is over its rate */
  take(client: string): void
}

export function tokenBucket({ perSecond, burst = perSecond * 2, now = Date.now }: { perSecond: number; burst?: number; now?: () => number }): RateLimiter {
  if (perSecond <= 0) return { take() {} }
  const buckets = new Map<string, { tokens: number; at: number }>()
  let sweptAt = now()
  return {
    take(client) {
      const t = now()
      if (t - sweptAt > 60_000) {
        for (const [key, b] of buckets) if (t - b.at > 60_000) buckets.delete(key)
        sweptAt = t
      }
      const bucket = buckets.get(client) ?? { tokens: burst, at: t }
      bucket.tokens = Math.min(burst, bucket.tokens + ((t - bucket.at) / 1000) * perSecond)
      bucket.at = t
      buckets.set(client, bucket)
      if (bucket.tokens < 1) {
        const retryAfter = Math.ceil((1 - bucket.tokens) / perSecond)
        throw new AppError('RATE_LIMITED', 429, `too many requests from this client; retry in ${retryAfter} s`, { retryAfterSeconds: retryAfter })
      }
      bucket.tokens -= 1
    },
  }
}
