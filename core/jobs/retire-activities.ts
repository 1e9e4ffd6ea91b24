/**
 * Retires ended activities from Redis, so the hold sweeper's registry and the per-activity keys
 * stop growing with every activity ever published.
 *
 * 1. An activity that has ended (status ENDED, or its window closed over a minute ago: a gateway
 *    whose clock runs behind may still sell until then) and has no hold left leaves the registry.
 * 2. Once retired for the retention period — late payment retries replay from its orders until
 *    then — and once MySQL holds an entry for every shopper Redis confirmed (core's workers have
 *    applied every confirm), its keys are deleted.
 *
 * Both steps run under the activity's row lock, as publishing does, so an admin reopening it never
 * races them; publishing it later restores its entrants from MySQL (activity-state/publish.ts).
 * The start-up sync and the restore republish only activities that are not over.
 */
import { inTransaction, type Pool, type PoolConnection } from '../../common/clients/mysql'
import type { Logger } from '../../common/log'
import type { ActivityState } from '../activity-state/activity-state'
import { findActivity, type Activity } from '../repositories/activities'
import { listEntrantIds } from '../repositories/entries'

export interface RetireOptions {
  retentionMs: number
  now?: Date
}

/** how long after its window closes an ACTIVE activity counts as ended */
const clockSkewMs = 60_000

function hasEnded(activity: Activity, now: Date): boolean {
  return activity.status === 'ENDED' || activity.endsAt.getTime() <= now.getTime() - clockSkewMs
}

/** Runs `work` with the activity's row locked; the row is undefined when MySQL does not know it. */
function underRowLock<T>(pool: Pool, id: number, work: (conn: PoolConnection, activity: Activity | undefined) => Promise<T>) {
  return inTransaction(pool, async (conn) => work(conn, await findActivity(conn, id, { forUpdate: true })))
}

async function retireEnded(pool: Pool, state: ActivityState, now: Date): Promise<number> {
  let retired = 0
  for (const id of await state.registered()) {
    // a cheap look first: most registered activities are live and need no lock
    const activity = await findActivity(pool, id)
    if (!activity || !hasEnded(activity, now) || (await state.holdCount(id)) > 0) continue
    const done = await underRowLock(pool, id, async (_, locked) => {
      if (!locked || !hasEnded(locked, now) || (await state.holdCount(id)) > 0) return false
      await state.retire(id, now.getTime())
      return true
    })
    if (done) retired++
  }
  return retired
}

async function forgetRetired(pool: Pool, state: ActivityState, log: Logger, now: Date, retentionMs: number): Promise<number> {
  let forgotten = 0
  for (const id of await state.retiredBefore(now.getTime() - retentionMs)) {
    const done = await underRowLock(pool, id, async (conn, activity) => {
      if ((activity && !hasEnded(activity, now)) || (await state.holdCount(id)) > 0) {
        await state.unretire(id)
        return false
      }
      const entrants = new Set(await listEntrantIds(conn, id))
      const unapplied = (await state.confirmedShoppers(id)).filter((userId) => !entrants.has(userId)).length
      if (unapplied > 0) {
        log.info('retired activity kept in Redis until core applies its confirmed entries', { activityId: id, unapplied })
        return false
      }
      await state.forget(id)
      return true
    })
    if (done) forgotten++
  }
  return forgotten
}

export async function retireEndedActivities(pool: Pool, state: ActivityState, log: Logger, options: RetireOptions) {
  const now = options.now ?? new Date()
  const retired = await retireEnded(pool, state, now)
  const forgotten = await forgetRetired(pool, state, log, now, options.retentionMs)
  return { retired, forgotten }
}
