/**
 * Checked when gateway and core start: does this Redis keep what Axon writes to it? Unsafe (in
 * production the process refuses to start unless AXON_REDIS_ALLOW_UNSAFE=true):
 *   - a `maxmemory-policy` other than noeviction: under memory pressure Redis may evict an
 *     activity's keys or the command stream, so units are sold twice and payments lost;
 *   - no append-only file: a restart loses every hold, confirmation and queued command since the
 *     last snapshot.
 * Weaker, only reported: AOF fsynced every second or left to the OS (a host crash or power loss
 * loses that much of what Redis already answered). A managed Redis that refuses CONFIG cannot be
 * checked, which is reported too.
 */
import type { Redis } from 'ioredis'
import { config } from '../config'
import type { Logger } from '../log'

export type RedisSafety =
  | { checked: false; reason: string }
  | { checked: true; unsafe: string[]; weaker: string[] }

async function setting(redis: Redis, name: string): Promise<string> {
  const reply = (await redis.config('GET', name)) as string[]
  return reply[1] ?? ''
}

export async function checkRedisSafety(redis: Redis): Promise<RedisSafety> {
  let settings: { appendonly: string; appendfsync: string; eviction: string }
  try {
    const [appendonly, appendfsync, eviction] = await Promise.all(['appendonly', 'appendfsync', 'maxmemory-policy'].map((n) => setting(redis, n)))
    settings = { appendonly: appendonly!, appendfsync: appendfsync!, eviction: eviction! }
  } catch (error) {
    return { checked: false, reason: error instanceof Error ? error.message : String(error) }
  }
  const unsafe: string[] = []
  const weaker: string[] = []
  if (settings.eviction !== 'noeviction')
    unsafe.push(`maxmemory-policy is ${settings.eviction}: Redis may evict an activity's keys and sell its units again; set noeviction`)
  if (settings.appendonly !== 'yes')
    unsafe.push('appendonly is no: a restart loses the holds, confirmed payments and queued commands written since the last snapshot; set appendonly yes')
  else if (settings.appendfsync === 'everysec')
    weaker.push('appendfsync is everysec: a host crash or power loss can lose up to a second of payments already answered CONFIRMED; appendfsync always closes that')
  else if (settings.appendfsync !== 'always')
    weaker.push(`appendfsync is ${settings.appendfsync}: a host crash or power loss can lose the last ~30 s of payments already answered CONFIRMED; set appendfsync always`)
  return { checked: true, unsafe, weaker }
}

export class UnsafeRedis extends Error {
  override name = 'UnsafeRedis'
}

const refuseInProduction = config.env === 'production' && !config.redisAllowUnsafe

/** Logs what the check found; throws UnsafeRedis when `refuseUnsafe` (production) and Redis is unsafe. */
export async function reportRedisSafety(redis: Redis, log: Logger, { refuseUnsafe = refuseInProduction } = {}): Promise<RedisSafety> {
  const safety = await checkRedisSafety(redis)
  if (!safety.checked) {
    log.warn('could not check Redis persistence and eviction (managed Redis services refuse CONFIG GET); make sure it has appendonly yes and maxmemory-policy noeviction', {
      reason: safety.reason,
    })
    return safety
  }
  for (const problem of safety.weaker) log.warn('Redis durability', { problem })
  for (const problem of safety.unsafe) log.error('unsafe Redis', { problem })
  if (refuseUnsafe && safety.unsafe.length)
    throw new UnsafeRedis(`refusing to start on an unsafe Redis: ${safety.unsafe.join('; ')} (AXON_REDIS_ALLOW_UNSAFE=true starts anyway)`)
  return safety
}
