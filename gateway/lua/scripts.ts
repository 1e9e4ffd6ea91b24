/**
 * One small typed wrapper per reservation script. Keys are passed in the order of each script's
 * header, always built by `activityKeys`, never concatenated here. Ids go to Lua as decimal text.
 * Every script that confirms or ends a hold appends to `outbox`, the stream of commands and
 * reservation life events (the command topic itself on the Redis bus); taking one does not.
 */
import { join } from 'node:path'
import type { Redis } from 'ioredis'
import { activityKeys } from '../../common/redis/keys'
import { defineScript, loadScripts } from '../../common/redis/scripts'

const specs = loadScripts(join(import.meta.dir))

type Reply = [number, ...(string | number)[]]

export interface ReservationScripts {
  reserve(a: { activityId: number; userId: number; token: string; now: number; ttlMs: number }): Promise<Reply>
  confirm(a: {
    activityId: number
    userId: number
    token: string
    now: number
    commandId: string
    orderId: string
    confirmedAt: string
    /** the amount paid as decimal text (`amountText`), or undefined when not stated */
    amount: string | undefined
  }): Promise<Reply>
  cancel(a: { activityId: number; userId: number; token: string; now: number }): Promise<Reply>
  expireHolds(a: { activityId: number; now: number; max: number; retentionMs: number }): Promise<number>
  /** true when cached; false when the key no longer holds `seen` */
  cacheVerdict(a: { activityId: number; userId: number; seen: string; verdict: string; ttlSeconds: number }): Promise<boolean>
}

export function reservationScripts(redis: Redis, { outbox }: { outbox: string }): ReservationScripts {
  const reserve = defineScript(redis, specs.get('reserve'))
  const confirm = defineScript(redis, specs.get('confirm'))
  const cancel = defineScript(redis, specs.get('cancel'))
  const expireHolds = defineScript(redis, specs.get('expireHolds'))
  const cacheVerdict = defineScript(redis, specs.get('cacheVerdict'))
  return {
    reserve: ({ activityId, userId, token, now, ttlMs }) => {
      const k = activityKeys(activityId)
      return reserve(
        [k.meta, k.stock, k.participants, k.holds, k.holdOwners, k.userHolds, k.verdict(userId)],
        [String(userId), token, now, ttlMs],
      ) as Promise<Reply>
    },
    confirm: (a) => {
      const k = activityKeys(a.activityId)
      return confirm(
        [k.meta, k.stock, k.participants, k.holds, k.holdOwners, k.userHolds, k.released, k.confirmed, k.orders, outbox],
        [a.token, String(a.userId), a.now, a.commandId, a.orderId, a.confirmedAt, String(a.activityId), a.amount ?? ''],
      ) as Promise<Reply>
    },
    cancel: ({ activityId, userId, token, now }) => {
      const k = activityKeys(activityId)
      return cancel(
        [k.stock, k.participants, k.holds, k.holdOwners, k.userHolds, k.released, k.orders, outbox],
        [token, String(userId), now, String(activityId)],
      ) as Promise<Reply>
    },
    expireHolds: ({ activityId, now, max, retentionMs }) => {
      const k = activityKeys(activityId)
      return expireHolds(
        [k.stock, k.participants, k.holds, k.holdOwners, k.userHolds, k.released, outbox],
        [now, max, retentionMs, String(activityId)],
      ) as Promise<number>
    },
    cacheVerdict: async ({ activityId, userId, seen, verdict, ttlSeconds }) =>
      (await cacheVerdict([activityKeys(activityId).verdict(userId)], [seen, verdict, ttlSeconds])) === 1,
  }
}
