/**
 * Look-aside cache of heavy dashboard answers (cohorts, closed periods, comparisons) in Redis. The
 * key names every parameter of the question; the answer carries when it was computed, so a page
 * can say "as of 10:30". Live widgets never go through here. A Redis that fails is a cache miss,
 * not an error: the numbers are computed from the stores instead.
 */
import type { Redis } from '../../common/clients/redis'
import type { Logger } from '../../common/log'

export interface Cached<T> {
  value: T
  /** ISO-8601 instant the value was computed */
  calculatedAt: string
  /** true when it came from the cache */
  hit: boolean
}

/** `dashboard:<widget>:<k1>=<v1>:<k2>=<v2>…` with the parameters in name order (undefined ones left out). */
export function cacheKey(widget: string, params: Record<string, string | number | boolean | undefined>): string {
  const parts = Object.keys(params)
    .filter((name) => params[name] !== undefined)
    .sort()
    .map((name) => `${name}=${encodeURIComponent(String(params[name]))}`)
  return ['dashboard', widget, ...parts].join(':')
}

export async function lookAside<T>(
  redis: Redis,
  key: string,
  ttlSeconds: number,
  compute: () => Promise<T>,
  log?: Logger,
): Promise<Cached<T>> {
  if (ttlSeconds > 0) {
    const stored = await redis.get(key).catch((error) => {
      log?.warn('dashboard cache unavailable, computing', { key, error: String(error) })
      return null
    })
    if (stored !== null) {
      const { value, calculatedAt } = JSON.parse(stored) as { value: T; calculatedAt: string }
      return { value, calculatedAt, hit: true }
    }
  }
  const calculatedAt = new Date().toISOString()
  const value = await compute()
  if (ttlSeconds > 0)
    await redis.set(key, JSON.stringify({ value, calculatedAt }), 'EX', ttlSeconds).catch((error) => {
      log?.warn('dashboard cache not written', { key, error: String(error) })
    })
  return { value, calculatedAt, hit: false }
}
