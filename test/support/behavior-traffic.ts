/**
 * Behaviour traffic for comparing two ways of storing the same events (write vs bulk load,
 * writes before a migration vs after): a fixed pseudo-random sequence, generated once per "copy"
 * under ids, users and browsers of the copy's own, and every read of a scope with those taken out.
 */
import { expect } from 'bun:test'
import type { BehaviorStore, Scope } from '../../analytics/store/port'
import { triggerTypes, type BehaviorEvent, type TriggerType } from '../../common/schemas/behavior-event'

const start = Date.parse('2024-05-01T00:00:00Z')
const hour = 3_600_000
const pick = <T>(items: readonly T[], n: number): T => items[n % items.length]!

/** One copy of the traffic: ids, users and browsers of its own, so the copies never meet. */
export interface Copy {
  tag: string
  activities: [number, number]
  campaignId: number
  userBase: number
}

export const newCopy = (tag: string): Copy => {
  const base = 9_000_000_000 + Math.floor(Math.random() * 1e9)
  return { tag, activities: [base, base + 1], campaignId: base + 2, userBase: base }
}

/**
 * 3,000 events of 400 shoppers over 30 hours, in a fixed pseudo-random order: a third of them
 * sign in part of the time (identity links, anonymous events before and after), tracker and
 * backend PURCHASEs, events in one scope or none, every trigger type.
 */
export function traffic(copy: Copy): BehaviorEvent[] {
  // mulberry32: the same sequence for both copies
  let seed = 42
  const next = () => {
    seed = (seed + 0x6d2b79f5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return (t ^ (t >>> 14)) >>> 0
  }
  return Array.from({ length: 3000 }, (_, i) => {
    const shopper = next() % 400
    const triggerType = pick(triggerTypes, next())
    const signedIn = shopper % 3 === 0 && next() % 2 === 0
    const backend = triggerType === 'PURCHASE' && next() % 2 === 0
    const scope = next() % 20
    return {
      eventId: backend ? `backend:purchase-${copy.tag}-${i}` : `${copy.tag}-ev-${i}`,
      triggerType,
      occurredAt: new Date(start + (next() % (30 * hour))).toISOString(),
      userId: signedIn || backend ? copy.userBase + shopper : null,
      anonymousId: backend ? undefined : shopper % 50 === 7 ? '' : `${copy.tag}-anon-${shopper}`,
      activityId: scope === 0 ? null : pick(copy.activities, shopper),
      campaignId: scope === 1 ? undefined : copy.campaignId,
      properties: { source: backend ? 'backend' : 'tracker' },
    }
  })
}

/** Every read of one scope, with the copy's ids and tags taken out so the copies compare. */
async function reads(s: BehaviorStore, scope: Scope, copy: Copy) {
  const range = { from: new Date(start + 5 * hour), to: new Date(start + 17 * hour + 1) }
  const plain = (value: unknown) =>
    JSON.parse(
      JSON.stringify(value)
        .replaceAll(`${copy.tag}-`, '')
        .replace(/u:(\d+)/g, (_, id) => `u:${Number(id) - copy.userBase}`)
        .replace(/"userId":(\d+)/g, (_, id) => `"userId":${Number(id) - copy.userBase}`),
    )
  const everything = [...triggerTypes] as TriggerType[]
  return plain({
    counts: await s.countByTrigger(scope),
    countsInRange: await s.countByTrigger(scope, range),
    hourly: await s.hourlyCounts(scope, { from: new Date(start), to: new Date(start + 31 * hour) }),
    visitors: await s.uniqueVisitors(scope),
    people: await s.peopleByTrigger(scope),
    peopleInRange: await s.peopleByTrigger(scope, range),
    firsts: await s.personFirsts(scope, everything),
    firstsInRange: await s.personFirsts(scope, ['PAGE_VIEW', 'CLICK', 'PURCHASE'], range),
    active: await s.activePeople(scope, new Date(start + 20 * hour)),
    recent: (await s.recentEvents(scope, { limit: 3000 })).map(({ eventId, activityId, campaignId, ...rest }) => ({
      ...rest,
      eventId: eventId.replace(/^backend:purchase-/, ''),
      activity: activityId && copy.activities.indexOf(activityId),
      campaign: campaignId === copy.campaignId,
    })),
  })
}

const scopesOf = (copy: Copy): Scope[] => [{ activityId: copy.activities[0] }, { activityId: copy.activities[1] }, { campaignId: copy.campaignId }]


/** Each scope of `actual` answers every read as the same scope of `expected`, and the reads reach people, links, purchases. */
export async function expectSameReads(store: BehaviorStore, expected: Copy, actual: Copy) {
  const [expectedScopes, actualScopes] = [scopesOf(expected), scopesOf(actual)]
  for (let i = 0; i < expectedScopes.length; i++) {
    const [want, got] = [await reads(store, expectedScopes[i]!, expected), await reads(store, actualScopes[i]!, actual)]
    expect(got).toEqual(want)
    // the comparison compares something: the traffic reaches every read
    expect(want.firsts.length).toBeGreaterThan(100)
    expect(want.firsts.some((p: { userId: number | null }) => p.userId !== null)).toBe(true)
    expect(want.counts.PURCHASE).toBeGreaterThan(0)
    expect(want.active).toBeGreaterThan(0)
  }
}
