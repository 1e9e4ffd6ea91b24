/**
 * The activity dashboard's live numbers, read once per tick by the activity's producer: overview
 * and funnel, stock, participants and active users, through the same service functions as the
 * JSON API (analytics/dashboards/). A failed read becomes the live part's error state, not a
 * broken stream.
 */
import type { Logger } from '../../common/log'
import type { DashboardDeps } from '../dashboards/deps'
import { overviewAndFunnel } from '../dashboards/funnel'
import { realtime } from '../dashboards/realtime'
import { activityTarget } from '../dashboards/target'
import type { LiveNumbers } from '../../views/partials/activity-live'
import type { Loaded } from '../../views/partials/widget'
import { LiveHub, type HubOptions, type Snapshot } from './hub'

export async function activityLiveNumbers(deps: DashboardDeps, activityId: number): Promise<LiveNumbers> {
  const target = await activityTarget(deps.reporting, activityId)
  const [{ overview, funnel }, live] = await Promise.all([overviewAndFunnel(deps, target), realtime(deps, target)])
  const { totalParticipants: _, ...activityOverview } = overview
  return { overview: activityOverview, funnel, realtime: live, limit: target.activity.limit }
}

/** What identifies the numbers, leaving out the time they were read (unchanged numbers send nothing). */
function fingerprint(numbers: LiveNumbers): string {
  return JSON.stringify({ ...numbers, realtime: { ...numbers.realtime, lastUpdated: '' } })
}

export type RenderLive = (live: Loaded<LiveNumbers>, asOf: Date) => string

export type ActivityHub = LiveHub<number>

/** The hub of activity dashboards: one producer per activity, rendering the live fragment with `render`. */
export function activityHub(deps: DashboardDeps & { log: Logger }, render: RenderLive, options: Omit<HubOptions, 'log'>): ActivityHub {
  const read = async (activityId: number): Promise<Snapshot> => {
    const asOf = new Date()
    try {
      const numbers = await activityLiveNumbers(deps, activityId)
      return { html: render({ ok: true, value: numbers }, asOf), fingerprint: fingerprint(numbers) }
    } catch (error) {
      deps.log.warn('live numbers unavailable', { activityId, error: String(error) })
      return { html: render({ ok: false, error: String(error) }, asOf), fingerprint: 'unavailable' }
    }
  }
  return new LiveHub(read, { ...options, log: deps.log })
}
