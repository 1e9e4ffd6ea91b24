/**
 * Look-aside cache of heavy dashboard answers (cohorts, closed periods, comparisons, the people
 * funnel) in Redis. The key names every parameter of the question; the answer carries when it was
 * computed, so a page can say "as of 10:30". Live widgets never go through here.
 *
 * Refresh-ahead under a lock: one computer per key. A miss takes the key's lock and computes;
 * callers that find the lock taken wait for its answer instead of computing the same thing again.
 * A value past half its time to live is still answered, and the caller that notices takes the lock
 * and recomputes it in the background, so a hot key is renewed before it expires and readers never
 * wait for it. No answer is older than the time to live. A Redis that fails is a cache miss, not an
 * error: the numbers are computed from the stores instead.
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

/** How long one computation may hold a key's lock; a computer that dies frees it after this. */
export const computeLockMs = 30_000
/** How often a caller that found the lock taken looks for the answer. */
const waitStepMs = 20
/** A stored value is recomputed ahead once this share of its time to live has passed. */
export const refreshAheadShare = 0.5

const lockKey = (key: string) => `${key}:computing`
// deletes the lock only while it is still ours (it may have expired and been taken since)
const releaseLua = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0"

interface Stored<T> {
  value: T
  calculatedAt: string
}

async function read<T>(redis: Redis, key: string, log?: Logger): Promise<Stored<T> | null> {
  const stored = await redis.get(key).catch((error) => {
    log?.warn('dashboard cache unavailable, computing', { key, error: String(error) })
    return null
  })
  return stored === null ? null : (JSON.parse(stored) as Stored<T>)
}

/** The lock's token when this caller took it; null when another holds it; undefined when Redis failed. */
async function lock(redis: Redis, key: string): Promise<string | null | undefined> {
  const token = crypto.randomUUID()
  const taken = await redis.set(lockKey(key), token, 'PX', computeLockMs, 'NX').catch(() => undefined)
  return taken === undefined ? undefined : taken === 'OK' ? token : null
}

/** Computes, stores and releases the lock (when held). */
async function computeAndStore<T>(redis: Redis, key: string, ttlSeconds: number, compute: () => Promise<T>, token: string | null | undefined, log?: Logger): Promise<Stored<T>> {
  try {
    const stored = { calculatedAt: new Date().toISOString(), value: await compute() }
    await redis.set(key, JSON.stringify(stored), 'EX', ttlSeconds).catch((error) => {
      log?.warn('dashboard cache not written', { key, error: String(error) })
    })
    return stored
  } finally {
    if (token) await redis.eval(releaseLua, 1, lockKey(key), token).catch(() => {})
  }
}

export async function lookAside<T>(
  redis: Redis,
  key: string,
  ttlSeconds: number,
  compute: () => Promise<T>,
  log?: Logger,
): Promise<Cached<T>> {
  if (ttlSeconds <= 0) {
    const calculatedAt = new Date().toISOString()
    return { value: await compute(), calculatedAt, hit: false }
  }
  const stored = await read<T>(redis, key, log)
  if (stored) {
    if (Date.now() - Date.parse(stored.calculatedAt) >= ttlSeconds * 1000 * refreshAheadShare) {
      void lock(redis, key).then((token) => {
        if (!token) return
        computeAndStore(redis, key, ttlSeconds, compute, token, log).catch((error) =>
          log?.warn('dashboard cache refresh failed, the stored answer stays until it expires', { key, error: String(error) }),
        )
      })
    }
    return { ...stored, hit: true }
  }
  const token = await lock(redis, key)
  if (token === null) {
    // another caller computes it: wait for its answer (as long as its lock may live), else compute here
    for (let waited = 0; waited < computeLockMs; waited += waitStepMs) {
      await Bun.sleep(waitStepMs)
      const theirs = await read<T>(redis, key, log)
      if (theirs) return { ...theirs, hit: true }
      if ((await redis.exists(lockKey(key)).catch(() => 0)) === 0) break
    }
  }
  return { ...(await computeAndStore(redis, key, ttlSeconds, compute, token, log)), hit: false }
}
