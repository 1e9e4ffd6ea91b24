/**
 * Publishes an activity's state straight into Redis with core's publishActivity.lua, for gateway
 * tests that need an activity but not MySQL. Ids are drawn high and random so test files never
 * share an activity.
 */
import { join } from 'node:path'
import type { Redis } from 'ioredis'
import { projectRoot } from '../../common/config'
import { activityKeys, activityRegistryKey } from '../../common/redis/keys'
import { defineScript, loadScripts } from '../../common/redis/scripts'

const specs = loadScripts(join(projectRoot, 'core/lua'))

export interface TestActivity {
  id?: number
  limit: number
  status?: 'DRAFT' | 'ACTIVE' | 'PAUSED' | 'ENDED'
  startsAt?: number
  endsAt?: number
  price?: number
  productId?: number
  campaignId?: number
  hasRules?: boolean
}

export function randomActivityId(): number {
  return 1_000_000 + Math.floor(Math.random() * 1_000_000_000)
}

export async function publishTestActivity(redis: Redis, a: TestActivity): Promise<number> {
  const id = a.id ?? randomActivityId()
  const publish = defineScript(redis, specs.get('publishActivity'))
  const k = activityKeys(id)
  await publish(
    [k.meta, k.stock, k.holds, k.confirmed],
    [
      a.status ?? 'ACTIVE',
      a.startsAt ?? Date.now() - 60_000,
      a.endsAt ?? Date.now() + 3_600_000,
      a.limit,
      a.price ?? 50_000,
      a.productId ?? 1,
      a.campaignId ?? 1,
      a.hasRules ? '1' : '0',
      0,
    ],
  )
  await redis.sadd(activityRegistryKey, id)
  return id
}

/** Everything Redis holds for an activity, for "nothing changed" assertions. */
export async function activitySnapshot(redis: Redis, id: number) {
  const k = activityKeys(id)
  const [stock, participants, holds, owners, userHolds, confirmed, orders, released] = await Promise.all([
    redis.get(k.stock),
    redis.smembers(k.participants),
    redis.zrange(k.holds, '0', '-1', 'WITHSCORES'),
    redis.hgetall(k.holdOwners),
    redis.hgetall(k.userHolds),
    redis.smembers(k.confirmed),
    redis.hgetall(k.orders),
    redis.zrange(k.released, '0', '-1'),
  ])
  return { stock: Number(stock), participants: participants.sort(), holds, owners, userHolds, confirmed: confirmed.sort(), orders, released }
}

/** stock + holds + confirmed must always equal the limit. */
export async function takenPlusFree(redis: Redis, id: number): Promise<number> {
  const k = activityKeys(id)
  const [stock, holds, confirmed] = await Promise.all([redis.get(k.stock), redis.zcard(k.holds), redis.scard(k.confirmed)])
  return Number(stock) + holds + confirmed
}
