/**
 * An activity's state in Redis, where the gateway's reservation scripts read it: publishing runs
 * publishActivity-4.lua (settings, and stock so that stock + holds + confirmed = limit) and
 * registers the activity for the hold sweeper.
 */
import { join } from 'node:path'
import type { Redis } from '../../common/clients/redis'
import { activityKeys, activityRegistryKey } from '../../common/redis/keys'
import { defineScript, loadScripts } from '../../common/redis/scripts'
import { hasRules } from '../eligibility/rules'
import type { Activity } from '../repositories/activities'

const scripts = loadScripts(join(import.meta.dir, '../lua'))

/** Redis's live view of one activity, shown beside its settings in the admin API. */
export interface LiveActivityState {
  /** false when Redis holds no state for it (never published, or Redis lost it) */
  published: boolean
  stock: number
  participants: number
  holds: number
  confirmed: number
}

const restoreChunk = 1000

export function createActivityState(redis: Redis) {
  const publishActivity = defineScript(redis, scripts.get('publishActivity'))

  /** Pushes the activity's settings into Redis and returns its free stock. */
  async function publish(activity: Activity): Promise<number> {
    const k = activityKeys(activity.id)
    const free = await publishActivity(
      [k.meta, k.stock, k.holds, k.confirmed],
      [
        activity.status,
        activity.startsAt.getTime(),
        activity.endsAt.getTime(),
        activity.limit,
        activity.price,
        activity.productId,
        activity.campaignId,
        hasRules(activity.rules) ? '1' : '0',
      ],
    )
    await redis.sadd(activityRegistryKey, String(activity.id))
    return Number(free)
  }

  async function isPublished(activityId: number): Promise<boolean> {
    return (await redis.exists(activityKeys(activityId).meta)) === 1
  }

  /** Puts confirmed shoppers back after Redis lost them, so the next publish computes stock right. */
  async function restoreEntrants(activityId: number, userIds: readonly number[]): Promise<void> {
    const k = activityKeys(activityId)
    for (let i = 0; i < userIds.length; i += restoreChunk) {
      const chunk = userIds.slice(i, i + restoreChunk).map(String)
      await redis.multi().sadd(k.confirmed, ...chunk).sadd(k.participants, ...chunk).exec()
    }
  }

  async function live(activityId: number): Promise<LiveActivityState> {
    const k = activityKeys(activityId)
    const results = await redis.multi().exists(k.meta).get(k.stock).scard(k.participants).zcard(k.holds).scard(k.confirmed).exec()
    const [published, stock, participants, holds, confirmed] = (results ?? []).map(([, value]) => Number(value ?? 0))
    return { published: published === 1, stock: stock ?? 0, participants: participants ?? 0, holds: holds ?? 0, confirmed: confirmed ?? 0 }
  }

  async function confirmedCount(activityId: number): Promise<number> {
    return redis.scard(activityKeys(activityId).confirmed)
  }

  return { publish, isPublished, restoreEntrants, live, confirmedCount }
}

export type ActivityState = ReturnType<typeof createActivityState>
