/**
 * Dev only: time travel. Moves an activity, its entries, purchases and reservations `days` days
 * into the past in one transaction under the activity's row lock, and republishes its Redis state
 * (new window) before the commit, as every activity change is. Refused in production.
 *
 * A payment confirmed at the gateway reaches MySQL through the bus a moment later: time travel
 * first waits until core's workers have written every entry Redis holds as confirmed, so what
 * happened in the activity moves whole (a confirmation applied after the move would stay behind
 * in the present, outside the activity's own cohort). If they do not catch up in time it refuses
 * with 409 COMMANDS_PENDING and moves nothing.
 */
import { coreErrors } from '../../errors'
import { findActivity } from '../../repositories/activities'
import { listEntrantIds } from '../../repositories/entries'
import { shiftActivityIntoPast } from '../../repositories/time-travel'
import { saveAndPublish, type ActivityDeps } from '../activities/service'
import type { TimeTravel } from './model'

export interface DevDeps extends ActivityDeps {
  production: boolean
  /** how long to wait for the activity's paid commands still on the bus */
  appliedWaitMs: number
}

/** Confirmed in Redis, not yet an entry in MySQL. */
async function unappliedEntries(deps: DevDeps, activityId: number): Promise<number> {
  const confirmed = await deps.activityState.confirmedShoppers(activityId)
  if (confirmed.length === 0) return 0
  const entrants = new Set(await listEntrantIds(deps.pool, activityId))
  return confirmed.filter((userId) => !entrants.has(userId)).length
}

async function waitForAppliedEntries(deps: DevDeps, activityId: number): Promise<void> {
  const deadline = Date.now() + deps.appliedWaitMs
  for (;;) {
    const unapplied = await unappliedEntries(deps, activityId)
    if (unapplied === 0) return
    if (Date.now() >= deadline) throw coreErrors.commandsPending(activityId, unapplied)
    await Bun.sleep(100)
  }
}

export async function travelInTime(deps: DevDeps, { activityId, days }: TimeTravel) {
  if (deps.production) throw coreErrors.devOnly('time travel')
  if (!(await findActivity(deps.pool, activityId))) throw coreErrors.unknownActivity(activityId)
  await waitForAppliedEntries(deps, activityId)
  let moved: Awaited<ReturnType<typeof shiftActivityIntoPast>> | undefined
  const activity = await saveAndPublish(deps, async (conn) => {
    if (!(await findActivity(conn, activityId, { forUpdate: true }))) throw coreErrors.unknownActivity(activityId)
    moved = await shiftActivityIntoPast(conn, activityId, days)
    return activityId
  })
  return { activityId, days, startsAt: activity.startsAt.toISOString(), endsAt: activity.endsAt.toISOString(), moved: moved! }
}
