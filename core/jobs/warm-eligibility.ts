/**
 * Pre-computes eligibility verdicts into Redis before a rules-gated activity opens, so the opening
 * rush finds them cached instead of sending every shopper's first reservation to core.
 *
 * Which activities: ACTIVE, with rules, open now or opening within the lead time.
 * Which shoppers ("likely"): those who bought something in the last 365 days or signed up in the
 * last 30 days, most recently active first, at most `maxShoppers`. Anyone else is judged on demand
 * when the gateway misses the cache. Profiles are read once per run and judged in memory against
 * each activity with the same `judgeEligibility` the endpoint uses.
 *
 * A verdict lives until the activity opens plus `verdictTtlSeconds`. It is written only where the
 * key is empty (SET NX), and not at all once the run is `verdictWriteWindowMs` past reading the
 * profiles: a key already there is a verdict of the current profile or the re-check mark of a
 * change (core/eligibility/recheck.ts) that this run's older reading must not overwrite.
 */
import type { Redis } from '../../common/clients/redis'
import { encodeVerdict, verdictWriteWindowMs } from '../../common/codecs/verdict'
import { activityKeys } from '../../common/redis/keys'
import { judgeEligibility } from '../eligibility/rules'
import { listActivitiesToWarm, type Activity } from '../repositories/activities'
import type { Db } from '../repositories/db'
import { listLikelyShoppers, type ShopperWithHistory } from '../repositories/users'

export interface WarmOptions {
  leadMinutes: number
  verdictTtlSeconds: number
  maxShoppers: number
  now?: Date
}

const day = 86_400_000
const pipelineChunk = 1000

export async function warmEligibilityVerdicts(db: Db, redis: Redis, options: WarmOptions) {
  const now = options.now ?? new Date()
  const activities = await listActivitiesToWarm(db, now, new Date(now.getTime() + options.leadMinutes * 60_000))
  if (!activities.length) return { activities: 0, verdicts: 0 }
  const readAt = performance.now()
  const shoppers = await listLikelyShoppers(db, {
    now,
    purchasedSince: new Date(now.getTime() - 365 * day),
    signedUpSince: new Date(now.getTime() - 30 * day),
    cap: options.maxShoppers,
  })
  const fresh = () => performance.now() - readAt < verdictWriteWindowMs
  let written = 0
  for (const activity of activities) {
    const untilOpen = Math.max(0, Math.ceil((activity.startsAt.getTime() - now.getTime()) / 1000))
    written += await writeVerdicts(redis, activity, shoppers, untilOpen + options.verdictTtlSeconds, fresh)
  }
  return { activities: activities.length, verdicts: written }
}

/** Returns how many verdicts it wrote; stops between chunks once `fresh` says the reading is too old. */
async function writeVerdicts(
  redis: Redis,
  activity: Activity,
  shoppers: readonly ShopperWithHistory[],
  ttlSeconds: number,
  fresh: () => boolean,
) {
  const keys = activityKeys(activity.id)
  let written = 0
  for (let i = 0; i < shoppers.length && fresh(); i += pipelineChunk) {
    const pipeline = redis.pipeline()
    for (const shopper of shoppers.slice(i, i + pipelineChunk)) {
      pipeline.set(keys.verdict(shopper.id), encodeVerdict(judgeEligibility(activity.rules, shopper)), 'EX', ttlSeconds, 'NX')
    }
    written += ((await pipeline.exec()) ?? []).filter(([, reply]) => reply === 'OK').length
  }
  return written
}
