/**
 * Eligibility verdicts on a cache miss. reserve.lua reads the shopper's verdict from Redis inside
 * the same atomic step; when none is cached it answers NEEDS_VERDICT and we ask core once, cache
 * the answer with a TTL and try again. Concurrent misses for the same shopper share one request.
 * (Core also warms verdicts of likely shoppers before an activity opens, so a spike mostly hits.)
 */
import type { Redis } from 'ioredis'
import { checkVerdict, encodeVerdict, type Verdict } from '../../common/codecs/verdict'
import { AppError } from '../../common/errors'
import { activityKeys } from '../../common/redis/keys'

export interface VerdictSource {
  /** makes sure a verdict for this shopper and activity is cached */
  ensure(activityId: number, userId: number): Promise<void>
}

export interface CoreVerdictOptions {
  redis: Redis
  coreUrl: string
  internalToken: string
  ttlSeconds: number
  timeoutMs?: number
}

export function coreVerdicts({ redis, coreUrl, internalToken, ttlSeconds, timeoutMs = 2000 }: CoreVerdictOptions): VerdictSource {
  const inflight = new Map<string, Promise<void>>()

  async function askCore(activityId: number, userId: number): Promise<Verdict> {
    const url = `${coreUrl}/internal/eligibility/activities/${activityId}/users/${userId}`
    let response: Response
    try {
      response = await fetch(url, {
        headers: internalToken ? { 'x-axon-internal-token': internalToken } : {},
        signal: AbortSignal.timeout(timeoutMs),
      })
    } catch {
      throw new AppError('ELIGIBILITY_UNAVAILABLE', 503, 'the eligibility check is unavailable right now; please try again')
    }
    if (response.status === 404) throw new AppError('UNKNOWN_ACTIVITY', 404, `activity ${activityId} does not exist`)
    if (!response.ok) throw new AppError('ELIGIBILITY_UNAVAILABLE', 503, `the eligibility check failed (core answered ${response.status}); please try again`)
    const verdict = checkVerdict(await response.json().catch(() => undefined))
    if (!verdict) throw new AppError('ELIGIBILITY_UNAVAILABLE', 503, 'the eligibility check answered something unreadable; please try again')
    return verdict
  }

  async function fetchAndCache(activityId: number, userId: number) {
    const verdict = encodeVerdict(await askCore(activityId, userId))
    await redis.set(activityKeys(activityId).verdict(userId), verdict, 'EX', ttlSeconds)
  }

  return {
    ensure(activityId, userId) {
      const key = `${activityId}:${userId}`
      let pending = inflight.get(key)
      if (!pending) {
        pending = fetchAndCache(activityId, userId).finally(() => inflight.delete(key))
        inflight.set(key, pending)
      }
      return pending
    },
  }
}
