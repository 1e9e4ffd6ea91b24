/**
 * An activity's state in Redis, where the gateway's reservation scripts read it: publishing runs
 * publishActivity-4.lua (settings, and stock so that stock + holds + confirmed = limit, or a
 * refusal when the limit is below what is taken) and registers the activity for the hold sweeper;
 * retiring takes an ended activity out of the sweeper's registry, forgetting deletes its keys.
 */
import { join } from 'node:path'
import type { Redis } from '../../common/clients/redis'
import { encodeConfirmation } from '../../common/codecs/confirmation'
import { activityKeys, activityRegistryKey, retiredActivitiesKey } from '../../common/redis/keys'
import { defineScript, loadScripts } from '../../common/redis/scripts'
import { markIntact, markRestoring, readStateMarker } from '../../common/redis/state-marker'
import { hasRules } from '../eligibility/rules'
import type { Activity } from '../repositories/activities'
import type { EntrantConfirmation } from '../repositories/entries'

const scripts = loadScripts(join(import.meta.dir, '../lua'))

/** Redis's live view of one activity, shown beside its settings in the admin API. */
export interface LiveActivityState {
  /** false when Redis holds no state for it (never published, retired, or Redis lost it) */
  published: boolean
  stock: number
  participants: number
  holds: number
  confirmed: number
}

export type PublishOutcome = { published: true; stock: number } | { published: false; confirmed: number; holds: number }

export function createActivityState(redis: Redis) {
  const publishActivity = defineScript(redis, scripts.get('publishActivity'))

  /** Pushes the activity's settings into Redis, unless its limit is below the units taken. */
  async function publish(activity: Activity, entriesInMysql: number): Promise<PublishOutcome> {
    const k = activityKeys(activity.id)
    const [code, first, second] = (await publishActivity(
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
        entriesInMysql,
      ],
    )) as [number, number, number?]
    if (code !== 1) return { published: false, confirmed: first, holds: second ?? 0 }
    // not one MULTI: the registry and the activity's keys may live in different cluster slots
    await Promise.all([redis.sadd(activityRegistryKey, String(activity.id)), redis.zrem(retiredActivitiesKey, String(activity.id))])
    return { published: true, stock: first }
  }

  async function isPublished(activityId: number): Promise<boolean> {
    return (await redis.exists(activityKeys(activityId).meta)) === 1
  }

  /**
   * Puts confirmed shoppers back after Redis lost them (a page of them at a time), so the next
   * publish computes stock right, and their confirmations, so a payment retried after the loss is
   * answered as before it.
   */
  async function restoreEntrants(activityId: number, entrants: readonly EntrantConfirmation[]): Promise<void> {
    if (entrants.length === 0) return
    const k = activityKeys(activityId)
    const userIds = entrants.map((e) => String(e.userId))
    const orders = entrants.flatMap(({ userId, reservationToken, orderId, confirmedAt, amount }) =>
      amount === null ? [] : [reservationToken, encodeConfirmation({ userId, activityId, orderId, amount, confirmedAt: confirmedAt.toISOString() })],
    )
    const multi = redis.multi().sadd(k.confirmed, ...userIds).sadd(k.participants, ...userIds)
    await (orders.length ? multi.hset(k.orders, ...orders) : multi).exec()
  }

  async function live(activityId: number): Promise<LiveActivityState> {
    const k = activityKeys(activityId)
    const results = await redis.multi().exists(k.meta).get(k.stock).scard(k.participants).zcard(k.holds).scard(k.confirmed).exec()
    const [published, stock, participants, holds, confirmed] = (results ?? []).map(([, value]) => Number(value ?? 0))
    return { published: published === 1, stock: stock ?? 0, participants: participants ?? 0, holds: holds ?? 0, confirmed: confirmed ?? 0 }
  }

  /** Activity ids the hold sweeper walks. */
  async function registered(): Promise<number[]> {
    return (await redis.smembers(activityRegistryKey)).map(Number)
  }

  async function holdCount(activityId: number): Promise<number> {
    return redis.zcard(activityKeys(activityId).holds)
  }

  async function confirmedShoppers(activityId: number): Promise<number[]> {
    return (await redis.smembers(activityKeys(activityId).confirmed)).map(Number)
  }

  /** Takes an ended activity out of the sweeper's registry, remembering when, for `retiredBefore`. */
  async function retire(activityId: number, at: number): Promise<void> {
    await redis.zadd(retiredActivitiesKey, at, String(activityId))
    await redis.srem(activityRegistryKey, String(activityId))
  }

  async function retiredBefore(at: number): Promise<number[]> {
    return (await redis.zrangebyscore(retiredActivitiesKey, '-inf', at)).map(Number)
  }

  /** Puts a retired activity back in the registry (a hold turned up after all). */
  async function unretire(activityId: number): Promise<void> {
    await redis.sadd(activityRegistryKey, String(activityId))
    await redis.zrem(retiredActivitiesKey, String(activityId))
  }

  /** Deletes every key of a retired activity (its verdicts expire by themselves). */
  async function forget(activityId: number): Promise<void> {
    const k = activityKeys(activityId)
    await redis.del(k.meta, k.stock, k.participants, k.holds, k.holdOwners, k.userHolds, k.confirmed, k.orders, k.released)
    await Promise.all([redis.srem(activityRegistryKey, String(activityId)), redis.zrem(retiredActivitiesKey, String(activityId))])
  }

  return {
    publish,
    isPublished,
    restoreEntrants,
    live,
    registered,
    holdCount,
    confirmedShoppers,
    retire,
    retiredBefore,
    unretire,
    forget,
    marker: () => readStateMarker(redis),
    markRestoring: () => markRestoring(redis),
    markIntact: () => markIntact(redis),
  }
}

export type ActivityState = ReturnType<typeof createActivityState>
