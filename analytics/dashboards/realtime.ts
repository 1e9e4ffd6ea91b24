/**
 * The live widget, never cached: remaining stock and participants (shoppers holding a unit or
 * confirmed, right now: the seeds' Redis participants set) from each activity's Redis state while it
 * has one; once retired (its keys gone, no hold can be live), limit − confirmed entries and the
 * confirmed shoppers, from MySQL. activeUsers = distinct people with any event in the last 5 minutes.
 */
import { activityKeys } from '../../common/redis/keys'
import { entrantsOf } from '../reporting/reservations'
import type { ReportedActivity } from '../reporting/activities'
import type { DashboardDeps } from './deps'
import type { Target } from './target'

export interface Realtime {
  remainingStock: number
  participantCount: number
  activeUsers: number
  lastUpdated: string
}

export const activeWindowMs = 5 * 60_000

interface LiveActivity {
  stock: number
  participants: string[]
}

async function liveActivity(deps: DashboardDeps, activity: ReportedActivity): Promise<LiveActivity> {
  const k = activityKeys(activity.id)
  const replies = (await deps.redis.multi().exists(k.meta).get(k.stock).smembers(k.participants).exec()) ?? []
  const [exists, stock, participants] = replies.map(([error, value]) => {
    if (error) throw error
    return value
  })
  if (Number(exists) === 1) return { stock: Number(stock ?? 0), participants: participants as string[] }
  const entrants = await entrantsOf(deps.reporting, activity.id)
  return { stock: Math.max(0, activity.limit - entrants.length), participants: entrants.map(String) }
}

/** Remaining stock and participants over the target's activities. */
export async function liveStock(deps: DashboardDeps, target: Target): Promise<Pick<Realtime, 'remainingStock' | 'participantCount'>> {
  const live = await Promise.all(target.activities.map((activity) => liveActivity(deps, activity)))
  return {
    remainingStock: live.reduce((sum, a) => sum + a.stock, 0),
    // a shopper in two of a campaign's activities is one participant
    participantCount: new Set(live.flatMap((a) => a.participants)).size,
  }
}

export async function realtime(deps: DashboardDeps, target: Target, now = new Date()): Promise<Realtime> {
  const [stock, activeUsers] = await Promise.all([
    liveStock(deps, target),
    deps.store.activePeople(target.scope, new Date(now.getTime() - activeWindowMs)),
  ])
  return { ...stock, activeUsers, lastUpdated: now.toISOString() }
}
