/**
 * Makes a profile change or a purchase count on the shopper's next reservation attempt. After the
 * commit, each of the shopper's verdicts for an activity with rules that has not ended is replaced
 * by a fresh re-check mark (common/codecs/verdict.ts), which reserve-7.lua treats as no verdict.
 *
 * A mark, not a DEL, because of readers that judged the old profile and write after our commit: a
 * gateway caches core's answer only if the key still holds what it saw before asking
 * (cacheVerdict-1.lua), and "no key" before and after a DEL look the same, while each mark is new.
 * The warm job writes only where no key is (SET NX). Marks are written even where no verdict is
 * cached, for the same reason, and live `recheckMarkTtlSeconds`; both kinds of reader stop
 * writing well within that of their reading (`verdictWriteWindowMs`), so a mark outlives any
 * stale write it has to stop.
 */
import type { Redis } from '../../common/clients/redis'
import { recheckMark, recheckMarkTtlSeconds } from '../../common/codecs/verdict'
import { activityKeys } from '../../common/redis/keys'
import { listUnendedActivityIdsWithRules } from '../repositories/activities'
import type { Db } from '../repositories/db'

export async function markVerdictsForRecheck(db: Db, redis: Redis, userIds: readonly number[], now = new Date()): Promise<void> {
  if (!userIds.length) return
  const activityIds = await listUnendedActivityIdsWithRules(db, now)
  if (!activityIds.length) return
  const pipeline = redis.pipeline()
  for (const activityId of activityIds) {
    const keys = activityKeys(activityId)
    for (const userId of userIds) pipeline.set(keys.verdict(userId), recheckMark(), 'EX', recheckMarkTtlSeconds)
  }
  const results = (await pipeline.exec()) ?? []
  const failed = results.find(([error]) => error)
  if (failed) throw failed[0]
}
