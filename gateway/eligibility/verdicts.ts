/**
 * Eligibility verdicts on a cache miss. reserve-7.lua reads the shopper's verdict from Redis inside
 * the same atomic step; when none is cached it answers NEEDS_VERDICT with what the key held, and we
 * ask core once and cache the answer with cacheVerdict-1.lua, which writes only if the key still
 * holds that: a profile change committed while core was asked has left a new re-check mark there
 * (core/eligibility/recheck.ts), and the answer, judged before it, is dropped. Concurrent misses for
 * the same shopper share one request. (Core also warms verdicts of likely shoppers before an
 * activity opens, so a spike mostly hits.)
 */
import { checkVerdict, encodeVerdict, verdictWriteWindowMs, type Verdict } from '../../common/codecs/verdict'
import { AppError } from '../../common/errors'
import type { ReservationScripts } from '../lua/scripts'

export interface VerdictSource {
  /** asks core for the shopper's verdict and caches it, unless the key no longer holds `seen` */
  ensure(activityId: number, userId: number, seen: string): Promise<void>
}

export interface CoreVerdictOptions {
  scripts: Pick<ReservationScripts, 'cacheVerdict'>
  coreUrl: string
  internalToken: string
  ttlSeconds: number
  timeoutMs?: number
}

export const eligibilityUnavailable = (why: string) => new AppError('ELIGIBILITY_UNAVAILABLE', 503, `${why}; please try again`)

export function coreVerdicts({ scripts, coreUrl, internalToken, ttlSeconds, timeoutMs = 2000 }: CoreVerdictOptions): VerdictSource {
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
      throw eligibilityUnavailable('the eligibility check is unavailable right now')
    }
    if (response.status === 404) throw new AppError('UNKNOWN_ACTIVITY', 404, `activity ${activityId} does not exist`)
    if (!response.ok) throw eligibilityUnavailable(`the eligibility check failed (core answered ${response.status})`)
    const verdict = checkVerdict(await response.json().catch(() => undefined))
    if (!verdict) throw eligibilityUnavailable('the eligibility check answered something unreadable')
    return verdict
  }

  async function fetchAndCache(activityId: number, userId: number, seen: string) {
    const askedAt = performance.now()
    const verdict = encodeVerdict(await askCore(activityId, userId))
    // this late, the mark of a change made while we waited may have lapsed: drop the answer, ask again
    if (performance.now() - askedAt >= verdictWriteWindowMs) return
    await scripts.cacheVerdict({ activityId, userId, seen, verdict, ttlSeconds })
  }

  return {
    ensure(activityId, userId, seen) {
      const key = `${activityId}:${userId}:${seen}`
      let pending = inflight.get(key)
      if (!pending) {
        pending = fetchAndCache(activityId, userId, seen).finally(() => inflight.delete(key))
        inflight.set(key, pending)
      }
      return pending
    },
  }
}
