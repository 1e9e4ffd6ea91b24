/**
 * Publishing an activity from MySQL into Redis, always inside a transaction that holds the
 * activity's row lock: publishes then reach Redis in the order their changes commit, the retirement
 * job never races one, and a change Redis refuses is rolled back instead of committed.
 *
 * Whenever Redis has no state for the activity (never published, retired, or lost: flushed,
 * restarted empty), its confirmed shoppers are restored from MySQL first, with their confirmations
 * (payment retries replay them); publishing without them would hand their units out a second time.
 * While Redis is known to have lost its data (the state marker is not intact), only the restore
 * itself publishes: it first waits for the paid commands still on the bus (sync.ts), which an
 * admin edit restoring on its own would leave out. The holds Redis no longer has are recorded as
 * expired then (their units are free again), so `reservations` shows none held that is not.
 */
import type { PoolConnection } from '../../common/clients/mysql'
import { coreErrors } from '../errors'
import type { Activity } from '../repositories/activities'
import { countEntries, listConfirmations } from '../repositories/entries'
import { expireLostHolds } from '../repositories/reservations'
import type { ActivityState } from './activity-state'

/**
 * `activity` is the row as read under its lock. Returns the free stock and whether Redis had no
 * state for it; throws LIMIT_BELOW_TAKEN when Redis refuses the limit (nothing written then).
 */
export async function publishLockedActivity(conn: PoolConnection, state: ActivityState, activity: Activity, { restoring = false } = {}) {
  const missing = !(await state.isPublished(activity.id))
  if (missing && !restoring && (await state.marker()) !== 'intact') throw coreErrors.stateRestoring()
  if (missing) {
    await restoreEntrants(conn, state, activity.id)
    await expireLostHolds(conn, activity.id, new Date())
  }
  const outcome = await state.publish(activity, await countEntries(conn, activity.id))
  if (!outcome.published) throw coreErrors.limitBelowTaken(activity.limit, outcome.confirmed, outcome.holds)
  return { stock: outcome.stock, missing }
}

const restorePage = 1000

async function restoreEntrants(conn: PoolConnection, state: ActivityState, activityId: number) {
  for (let after = 0; ; ) {
    const page = await listConfirmations(conn, activityId, after, restorePage)
    if (page.length === 0) return
    await state.restoreEntrants(activityId, page)
    after = page.at(-1)!.entryId
  }
}
