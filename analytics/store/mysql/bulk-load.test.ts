/**
 * The bulk path (bulk-load.ts) leaves the MySQL store exactly as `write` does: the same events
 * written both ways — each way under ids of its own — answer every read the same, with
 * duplicates inside a chunk, across chunks and against events already stored.
 */
import { afterAll, expect, test } from 'bun:test'
import type { BehaviorEvent, TriggerType } from '../../../common/schemas/behavior-event'
import { triggerTypes } from '../../../common/schemas/behavior-event'
import type { BehaviorStore, Scope } from '../port'
import { createMysqlBehaviorStore } from './index'

const store = createMysqlBehaviorStore({ connectionLimit: 4 })
afterAll(() => store.close())

const start = Date.parse('2024-05-01T00:00:00Z')
const hour = 3_600_000
const pick = <T>(items: readonly T[], n: number): T => items[n % items.length]!

/** One copy of the traffic: ids, users and browsers of its own, so the copies never meet. */
interface Copy {
  tag: string
  activities: [number, number]
  campaignId: number
  userBase: number
}

const newCopy = (tag: string): Copy => {
  const base = 9_000_000_000 + Math.floor(Math.random() * 1e9)
  return { tag, activities: [base, base + 1], campaignId: base + 2, userBase: base }
}

/**
 * 3,000 events of 400 shoppers over 30 hours, in a fixed pseudo-random order: a third of them
 * sign in part of the time (identity links, anonymous events before and after), tracker and
 * backend PURCHASEs, events in one scope or none, every trigger type.
 */
function traffic(copy: Copy): BehaviorEvent[] {
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

test('a bulk load answers every read as the same events written batch by batch: counts, hours, visitors, people, links, first times', async () => {
  const [written, loaded] = [newCopy('w'), newCopy('b')]
  const [byWrite, byBulk] = [traffic(written), traffic(loaded)]
  // offered with copies: some stored before, some twice in a chunk, some in both chunks
  const again = (events: BehaviorEvent[]) => [...events, ...events.filter((_, i) => i % 20 === 0)]
  const early = (events: BehaviorEvent[]) => events.slice(0, 300)

  const writeResults = [await store.write(early(byWrite))]
  for (let i = 0; i < byWrite.length; i += 500) writeResults.push(await store.write(again(byWrite).slice(i, i + 500)))
  for (let i = 3000; i < again(byWrite).length; i += 500) writeResults.push(await store.write(again(byWrite).slice(i, i + 500)))

  const bulkResults = [await store.write(early(byBulk))]
  bulkResults.push(await store.bulkLoad(again(byBulk).slice(0, 2000)))
  bulkResults.push(await store.bulkLoad(again(byBulk).slice(1500)))

  const total = (results: { written: number; duplicates: number }[]) => results.reduce((n, r) => ({ written: n.written + r.written, duplicates: n.duplicates + r.duplicates }))
  expect(total(writeResults).written).toBe(3000)
  expect(total(bulkResults).written).toBe(3000)
  expect(total(bulkResults).duplicates).toBe(300 + 150 + 500)

  const [writtenScopes, loadedScopes] = [scopesOf(written), scopesOf(loaded)]
  for (let i = 0; i < writtenScopes.length; i++) {
    const [expected, actual] = [await reads(store, writtenScopes[i]!, written), await reads(store, loadedScopes[i]!, loaded)]
    expect(actual).toEqual(expected)
    // the comparison compares something: the traffic reaches every read
    expect(expected.firsts.length).toBeGreaterThan(100)
    expect(expected.firsts.some((p: { userId: number | null }) => p.userId !== null)).toBe(true)
    expect(expected.counts.PURCHASE).toBeGreaterThan(0)
    expect(expected.active).toBeGreaterThan(0)
  }
}, 60_000)

test('an empty chunk, or one of events already stored, loads nothing', async () => {
  const copy = newCopy('again')
  const events = traffic(copy).slice(0, 100)
  expect(await store.bulkLoad([])).toEqual({ written: 0, duplicates: 0 })
  expect(await store.bulkLoad(events)).toEqual({ written: 100, duplicates: 0 })
  const counts = await store.countByTrigger({ campaignId: copy.campaignId })
  expect(await store.bulkLoad(events)).toEqual({ written: 0, duplicates: 100 })
  expect(await store.countByTrigger({ campaignId: copy.campaignId })).toEqual(counts)
})
