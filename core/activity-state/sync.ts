/**
 * Loading MySQL's activities into Redis. At start-up every activity that is not over is published
 * again, so Redis matches MySQL after a deploy. While core runs, a watcher reads the state marker
 * every second: a Redis that lost its data (flushed, restarted without persistence) has none, and
 * is restored from MySQL at once. Until an activity is back the gateway sells none of it (its
 * scripts find no activity, and answer 503 while the marker is not "intact"); each one gets its
 * confirmed shoppers back before its stock is computed (publish.ts).
 *
 * A restore waits until core's workers have applied every paid command still on the bus: the
 * confirmed shoppers come from MySQL's entries, and a payment confirmed just before the loss
 * whose command was not applied yet would otherwise be left out, its unit counted free and sold
 * again (on the Kafka bus those commands outlive Redis; on the Redis bus they went with it).
 */
import { inTransaction, type Pool } from '../../common/clients/mysql'
import { AppError } from '../../common/errors'
import type { Logger } from '../../common/log'
import { every } from '../jobs/every'
import { findActivity, listUnendedActivities } from '../repositories/activities'
import type { ActivityState } from './activity-state'
import { publishLockedActivity } from './publish'

export interface SyncOptions {
  now?: Date
  /** paid commands on the bus core's workers have not applied yet (Bus.backlog of the command topic) */
  unappliedCommands?: () => Promise<number>
}

export async function syncActivityStates(pool: Pool, state: ActivityState, log: Logger, options: SyncOptions = {}) {
  const wasIntact = (await state.marker()) === 'intact'
  if (!wasIntact) {
    await state.markRestoring()
    const unapplied = (await options.unappliedCommands?.()) ?? 0
    if (unapplied > 0) {
      log.warn('Redis lost the activity state; restoring it once the paid commands still on the bus are applied', { unapplied })
      return { deferred: true, unapplied, published: 0, restored: 0, refused: 0 }
    }
  }
  const activities = await listUnendedActivities(pool, options.now ?? new Date())
  let restored = 0
  let refused = 0
  for (const { id } of activities) {
    try {
      const { missing } = await inTransaction(pool, async (conn) => {
        const activity = await findActivity(conn, id, { forUpdate: true })
        return activity ? publishLockedActivity(conn, state, activity, { restoring: true }) : { missing: false }
      })
      if (missing) restored++
    } catch (error) {
      // Redis or MySQL down: the whole sync fails and is tried again; a refusal costs one activity
      if (!(error instanceof AppError)) throw error
      refused++
      log.error('activity not published: MySQL holds more entries than its limit', { activityId: id, error })
    }
  }
  if (!wasIntact && !(await state.markIntact())) throw new Error('Redis lost its data again while it was being restored')
  log.info('activity state synced to Redis', { published: activities.length - refused, restored, refused })
  return { deferred: false, unapplied: 0, published: activities.length - refused, restored, refused }
}

/** Every `intervalMs`: when the marker says Redis lost its data, restores it from MySQL. */
export function watchActivityState(pool: Pool, state: ActivityState, log: Logger, intervalMs: number, options: SyncOptions = {}) {
  return every(intervalMs, 'activity state watch', log, async () => {
    const marker = await state.marker()
    if (marker === 'intact') return marker
    log.warn('Redis has lost the activity state; restoring it from MySQL', { marker })
    return syncActivityStates(pool, state, log, options)
  })
}
