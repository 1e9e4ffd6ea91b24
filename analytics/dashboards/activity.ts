/**
 * GET /api/v1/dashboard/activity/:id — one activity over all its time: overview and funnel (read
 * fresh), realtime (live), and the funnel by people with time to convert, the heavy part, through
 * the look-aside cache (AXON_DASHBOARD_CACHE_SECONDS) with the time it was computed.
 */
import { t } from 'elysia'
import { config } from '../../common/config'
import { cacheKey, lookAside } from './cache'
import type { DashboardDeps } from './deps'
import { overviewAndFunnel, type Funnel, type Overview } from './funnel'
import { entityId, parseParams } from './params'
import { peopleFunnel, type PeopleFunnel } from './people-funnel'
import { realtime, type Realtime } from './realtime'
import { activityTarget } from './target'
import { timed, type PartTimes } from './timing'

export const activityDashboardParams = t.Object({ activityId: entityId('the activity') })

export interface ActivityDashboard {
  activityId: number
  activityName: string
  campaignId: number
  overview: Omit<Overview, 'totalParticipants'>
  funnel: Funnel
  realtime: Realtime
  peopleFunnel: PeopleFunnel & { calculatedAt: string }
}

/** `times`: filled with the milliseconds of each part (the API's Server-Timing header). */
export async function activityDashboard(deps: DashboardDeps, params: typeof activityDashboardParams.static, times?: PartTimes): Promise<ActivityDashboard> {
  const { activityId } = parseParams(activityDashboardParams, params)
  const target = await timed(times, 'target', () => activityTarget(deps.reporting, activityId))
  const [{ overview, funnel }, live, people] = await Promise.all([
    timed(times, 'overview', () => overviewAndFunnel(deps, target)),
    timed(times, 'realtime', () => realtime(deps, target)),
    timed(times, 'people', () =>
      lookAside(deps.redis, cacheKey('people-funnel', { activityId }), config.dashboardCacheSeconds, () => peopleFunnel(deps, target), deps.log),
    ),
  ])
  const { totalParticipants: _, ...activityOverview } = overview
  return {
    activityId,
    activityName: target.activity.name,
    campaignId: target.activity.campaignId,
    overview: activityOverview,
    funnel,
    realtime: live,
    peopleFunnel: { ...people.value, calculatedAt: people.calculatedAt },
  }
}
