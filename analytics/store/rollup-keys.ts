/**
 * What every adapter counts an event under, so MySQL rollups and Elasticsearch aggregations
 * agree: its UTC hour, its scopes (activity and campaign, when set) and its visitor.
 */
import type { BehaviorEvent } from '../../common/schemas/behavior-event'
import type { Scope, TimeRange } from './port'

const hourMs = 3_600_000

export function hourStart(at: Date | string): Date {
  const ms = typeof at === 'string' ? Date.parse(at) : at.getTime()
  return new Date(Math.floor(ms / hourMs) * hourMs)
}

/** The whole UTC hours a range covers: `from` rounded down, `to` rounded up (the port's rule). */
export function wholeHours(range: TimeRange): TimeRange {
  return { from: hourStart(range.from), to: new Date(Math.ceil(range.to.getTime() / hourMs) * hourMs) }
}

export type ScopeKind = 'activity' | 'campaign'

export function scopeKind(scope: Scope): { kind: ScopeKind; id: number } {
  return 'activityId' in scope ? { kind: 'activity', id: scope.activityId } : { kind: 'campaign', id: scope.campaignId }
}

/** The scopes an event counts in; an event with neither id counts in none. */
export function scopesOf(event: BehaviorEvent): { kind: ScopeKind; id: number }[] {
  const scopes: { kind: ScopeKind; id: number }[] = []
  if (event.activityId) scopes.push({ kind: 'activity', id: event.activityId })
  if (event.campaignId) scopes.push({ kind: 'campaign', id: event.campaignId })
  return scopes
}

/** The shopper behind an event: their user id when known, else the tracker's anonymous id. */
export function visitorOf(event: BehaviorEvent): string | null {
  if (event.userId) return `u:${event.userId}`
  if (event.anonymousId) return `a:${event.anonymousId}`
  return null
}
