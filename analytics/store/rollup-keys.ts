/**
 * What every adapter counts an event under, so MySQL rollups and Elasticsearch aggregations
 * agree: whether it counts at all, its UTC hour, its scopes (activity and campaign, when set), its
 * visitor and the identity link it carries.
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

/**
 * Whether an event counts anywhere (counts, rollups, visitors, people). A PURCHASE counts only as
 * the backend sent it (`properties.source = "backend"`): a tracker's PURCHASE of the same order
 * would count it twice, and money comes from the backend's record anyway. Stored all the same.
 */
export function isCounted(event: Pick<BehaviorEvent, 'triggerType' | 'properties'>): boolean {
  return event.triggerType !== 'PURCHASE' || event.properties?.source === 'backend'
}

/** The identity link an event carries: its anonymous visitor belongs to its user. */
export function linkOf(event: BehaviorEvent): { visitor: string; userId: number } | null {
  return event.userId && event.anonymousId ? { visitor: `a:${event.anonymousId}`, userId: event.userId } : null
}

/** A person key (`u:<userId>` or `a:<anonymousId>`) read back as the shopper's user id, if any. */
export const userIdOf = (person: string): number | null => (person.startsWith('u:') ? Number(person.slice(2)) : null)

/**
 * Time travel goes into the past by whole days only: moved events only get earlier, so an
 * identity link they carry is decided again by the same earliest-wins rule.
 */
export function checkShiftDays(days: number): void {
  if (!Number.isInteger(days) || days < 1) throw new RangeError(`days must be a whole number ≥ 1, got ${days}`)
}
