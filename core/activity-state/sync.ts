/**
 * Start-up sync: every activity that is not over gets its state published again, so Redis always
 * matches MySQL after a deploy. When Redis lost an activity (no meta key: restarted without
 * persistence, flushed), its confirmed shoppers are restored from MySQL first; publishing without
 * them would hand their units out a second time.
 */
import type { Logger } from '../../common/log'
import { listUnendedActivities } from '../repositories/activities'
import type { Db } from '../repositories/db'
import { listEntrantIds } from '../repositories/entries'
import type { ActivityState } from './activity-state'

export async function syncActivityStates(db: Db, state: ActivityState, log: Logger) {
  const activities = await listUnendedActivities(db)
  let restored = 0
  for (const activity of activities) {
    if (!(await state.isPublished(activity.id))) {
      await state.restoreEntrants(activity.id, await listEntrantIds(db, activity.id))
      restored++
    }
    await state.publish(activity)
  }
  log.info('activity state synced to Redis', { published: activities.length, restored })
  return { published: activities.length, restored }
}
