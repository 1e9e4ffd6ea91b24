/**
 * Login throttle, per account (the email tried) and per client address: the first 5 failures in
 * 15 minutes cost nothing, after that each try waits 2 s after the last failure, doubling with
 * each further failure up to 5 minutes. A success clears the account's count (the address keeps
 * its own, so one good password does not unlock guessing at others).
 */
import type { Redis } from '../../common/clients/redis'
import { loginFailuresKey } from '../../common/redis/keys'

export const freeFailures = 5
const windowSeconds = 15 * 60
const firstWaitMs = 2_000
const longestWaitMs = 5 * 60_000

/** How long after its last failure a key must wait, having failed `failures` times. */
export function waitAfter(failures: number): number {
  if (failures < freeFailures) return 0
  return Math.min(firstWaitMs * 2 ** (failures - freeFailures), longestWaitMs)
}

export function loginThrottle(redis: Redis) {
  const keysOf = (email: string, address: string) => [loginFailuresKey('account', email), loginFailuresKey('address', address)]
  return {
    /** Seconds the caller must still wait before trying, 0 when it may try now. */
    async retryAfterSeconds(email: string, address: string, now = Date.now()): Promise<number> {
      let waitMs = 0
      for (const key of keysOf(email, address)) {
        const [failures, lastAt] = await redis.hmget(key, 'failures', 'lastAt')
        waitMs = Math.max(waitMs, Number(lastAt ?? 0) + waitAfter(Number(failures ?? 0)) - now)
      }
      return Math.ceil(waitMs / 1000)
    },

    async failed(email: string, address: string, now = Date.now()): Promise<void> {
      const batch = redis.multi()
      for (const key of keysOf(email, address)) batch.hincrby(key, 'failures', 1).hset(key, 'lastAt', now).expire(key, windowSeconds)
      await batch.exec()
    },

    async succeeded(email: string): Promise<void> {
      await redis.del(loginFailuresKey('account', email))
    },
  }
}
