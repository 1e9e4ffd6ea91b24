import type { Pool } from '../../common/clients/mysql'
import { coreErrors } from '../errors'
import { findActivity } from '../repositories/activities'
import { findShopper } from '../repositories/users'
import { hasRules, judgeEligibility, unknownShopper, type Verdict } from './rules'

/** May this shopper enter this activity? Judged from their profile in MySQL as of `now`. */
export async function eligibilityVerdict(pool: Pool, activityId: number, userId: number, now = new Date()): Promise<Verdict> {
  const activity = await findActivity(pool, activityId)
  if (!activity) throw coreErrors.unknownActivity(activityId)
  if (!hasRules(activity.rules)) return { eligible: true }
  const shopper = await findShopper(pool, userId, now)
  return judgeEligibility(activity.rules, shopper ?? unknownShopper)
}
