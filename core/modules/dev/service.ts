/**
 * Dev only: time travel. Moves an activity, its entries, purchases and reservations `days` days
 * into the past in one transaction under the activity's row lock, and republishes its Redis state
 * (new window) before the commit, as every activity change is. Refused in production.
 */
import { coreErrors } from '../../errors'
import { findActivity } from '../../repositories/activities'
import { shiftActivityIntoPast } from '../../repositories/time-travel'
import { saveAndPublish, type ActivityDeps } from '../activities/service'
import type { TimeTravel } from './model'

export interface DevDeps extends ActivityDeps {
  production: boolean
}

export async function travelInTime(deps: DevDeps, { activityId, days }: TimeTravel) {
  if (deps.production) throw coreErrors.devOnly('time travel')
  let moved: Awaited<ReturnType<typeof shiftActivityIntoPast>> | undefined
  const activity = await saveAndPublish(deps, async (conn) => {
    if (!(await findActivity(conn, activityId, { forUpdate: true }))) throw coreErrors.unknownActivity(activityId)
    moved = await shiftActivityIntoPast(conn, activityId, days)
    return activityId
  })
  return { activityId, days, startsAt: activity.startsAt.toISOString(), endsAt: activity.endsAt.toISOString(), moved: moved! }
}
