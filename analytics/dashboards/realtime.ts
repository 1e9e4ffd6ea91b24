/**
 * The live widget, never cached: remaining stock and participants (shoppers holding a unit or
 * confirmed, right now: the seeds' Redis participants set) from each activity's Redis state while it
 * has one; once retired (its keys gone, no hold can be live), limit − confirmed entries and the
 * confirmed shoppers, from MySQL. activeUsers = distinct people with any event in the last 5 minutes.
 */
import { activityKeys } from '../../common/redis/keys'
import { entrantCount, entrantsOf } from '../reporting/reservations'
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
  /** who they are, when asked for (a campaign's activities share shoppers) */
  participants?: string[]
  participantCount: number
}

/** One activity's stock and participants; their ids only with `members` (else counted where they are). */
async function liveActivity(deps: DashboardDeps, activity: ReportedActivity, members: boolean): Promise<LiveActivity> {
  const k = activityKeys(activity.id)
  const read = deps.redis.multi().exists(k.meta).get(k.stock)
  const replies = (await (members ? read.smembers(k.participants) : read.scard(k.participants)).exec()) ?? []
  const [exists, stock, participants] = replies.map(([error, value]) => {
    if (error) throw error
    return value
  })
  if (Number(exists) === 1) {
    if (!members) return { stock: Number(stock ?? 0), participantCount: Number(participants) }
    return { stock: Number(stock ?? 0), participants: participants as string[], participantCount: (participants as string[]).length }
  }
  if (!members) {
    const entrants = await entrantCount(deps.reporting, activity.id)
    return { stock: Math.max(0, activity.limit - entrants), participantCount: entrants }
  }
  const entrants = await entrantsOf(deps.reporting, activity.id)
  return { stock: Math.max(0, activity.limit - entrants.length), participants: entrants.map(String), participantCount: entrants.length }
}

/** Remaining stock and participants over the target's activities. */
export async function liveStock(deps: DashboardDeps, target: Target): Promise<Pick<Realtime, 'remainingStock' | 'participantCount'>> {
  // one activity's participants are counted; a campaign's are merged, a shopper in two of its activities being one
  const one = target.activities.length === 1
  const live = await Promise.all(target.activities.map((activity) => liveActivity(deps, activity, !one)))
  return {
    remainingStock: live.reduce((sum, a) => sum + a.stock, 0),
    participantCount: one ? live[0]!.participantCount : new Set(live.flatMap((a) => a.participants!)).size,
  }
}

export async function realtime(deps: DashboardDeps, target: Target, now = new Date()): Promise<Realtime> {
  const [stock, activeUsers] = await Promise.all([
    liveStock(deps, target),
    deps.store.activePeople(target.scope, new Date(now.getTime() - activeWindowMs)),
  ])
  return { ...stock, activeUsers, lastUpdated: now.toISOString() }
}
