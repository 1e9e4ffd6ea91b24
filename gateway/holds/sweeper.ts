/**
 * Returns the stock of holds that lapsed unpaid. Walks the registry of published activities every
 * interval and runs expireHolds.lua for each (atomic, so several gateways sweeping at once is
 * harmless). A sweep in progress is not started again; keyspace notifications are not used
 * because they are fire-and-forget and lost while no gateway listens.
 */
import type { Redis } from 'ioredis'
import type { Logger } from '../../common/log'
import { activityRegistryKey } from '../../common/redis/keys'
import type { ReservationScripts } from '../lua/scripts'

export interface SweeperOptions {
  redis: Redis
  scripts: ReservationScripts
  log: Logger
  intervalMs: number
  now?: () => number
  /** how long a released-hold tombstone is kept so late confirms can say EXPIRED/CANCELLED */
  tombstoneRetentionMs?: number
  onReleased?: (count: number) => void
}

/** most holds one expireHolds call releases */
export const releasedPerCall = 500
/** how long a released-hold tombstone is kept by default: a late confirm a day on still hears EXPIRED/CANCELLED */
export const tombstoneRetentionMs = 24 * 3600 * 1000

export function startHoldSweeper(o: SweeperOptions) {
  const now = o.now ?? Date.now
  const retentionMs = o.tombstoneRetentionMs ?? tombstoneRetentionMs
  let running: Promise<number> | undefined

  async function sweepActivity(activityId: number): Promise<number> {
    let total = 0
    for (;;) {
      const released = await o.scripts.expireHolds({ activityId, now: now(), max: releasedPerCall, retentionMs })
      total += released
      if (released < releasedPerCall) return total
    }
  }

  async function sweep(): Promise<number> {
    const ids = await o.redis.smembers(activityRegistryKey)
    const released = (await Promise.all(ids.map((id) => sweepActivity(Number(id))))).reduce((a, b) => a + b, 0)
    if (released > 0) {
      o.onReleased?.(released)
      o.log.debug('lapsed holds released', { released })
    }
    return released
  }

  /** one sweep now (or the one already running); resolves to the number of holds released */
  function sweepOnce(): Promise<number> {
    running ??= sweep().finally(() => (running = undefined))
    return running
  }

  const timer = setInterval(() => sweepOnce().catch((error) => o.log.warn('hold sweep failed', { error })), o.intervalMs)
  return {
    sweepOnce,
    async stop() {
      clearInterval(timer)
      await running?.catch(() => {})
    },
  }
}
