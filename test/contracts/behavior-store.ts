/**
 * The behaviour store contract: what every adapter must do for the sink that writes and the
 * dashboards that read, run against a real server by each adapter's test file. Every test uses
 * activity and campaign ids of its own, so runs and adapters never see each other's events.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { Value } from '@sinclair/typebox/value'
import { behaviorEvent, type BehaviorEvent } from '../../common/schemas/behavior-event'
import { testEvent } from '../support/events'
import { EventsRefused, type BehaviorStore, type HourlyCount } from '../../analytics/store/port'
import { peopleContractTests } from './behavior-store-people'
import { at, backendPurchase, day, fresh, freshId, many, range, type ContractTest } from './behavior-store-support'

export interface StoreContractTarget {
  /** a new store on the server under test; called again for the second of two concurrent writers */
  open: () => BehaviorStore | Promise<BehaviorStore>
}

export function registerBehaviorStoreContract(name: string, target: StoreContractTarget | { skipReason: string }) {
  if ('skipReason' in target) {
    console.log(`SKIPPED: behaviour store contract "${name}" (${target.skipReason}): ${contractTests.map((t) => t.name).join('; ')}`)
    describe.skip(name, () => contractTests.forEach(({ name }) => test(name, () => {})))
    return
  }
  describe(name, () => {
    const context = { target } as Parameters<ContractTest['run']>[0]
    beforeAll(async () => {
      context.store = await target.open()
    })
    afterAll(() => context.store.close())
    for (const { name, run } of contractTests) test(name, () => run(context), 60_000)
  })
}

/** Oldest first is the port's promise; within an hour the order is the adapter's. */
function byHour(counts: HourlyCount[]) {
  expect(counts.map((c) => c.hour)).toEqual(counts.map((c) => c.hour).sort())
  return [...counts].sort((a, b) => a.hour.localeCompare(b.hour) || a.triggerType.localeCompare(b.triggerType))
}

const contractTests: ContractTest[] = [
  {
    name: 'counts events per trigger type in an activity and in its campaign, over all time and over a range of hours',
    async run({ store }) {
      const { activityId, campaignId } = fresh()
      const other = freshId()
      await store.write([
        ...many(3, { activityId, campaignId, triggerType: 'PAGE_VIEW', occurredAt: at('10:05:00') }),
        ...many(2, { activityId, campaignId, triggerType: 'CLICK', occurredAt: at('10:20:00') }),
        backendPurchase({ activityId, campaignId, occurredAt: at('12:30:00') }),
        ...many(2, { activityId: other, campaignId, triggerType: 'PAGE_VIEW', occurredAt: at('11:10:00') }),
        ...many(1, { activityId: other, campaignId, triggerType: 'SCROLL', occurredAt: at('13:00:00') }),
      ])
      expect(await store.countByTrigger({ activityId })).toEqual({ PAGE_VIEW: 3, CLICK: 2, PURCHASE: 1 })
      expect(await store.countByTrigger({ activityId: other })).toEqual({ PAGE_VIEW: 2, SCROLL: 1 })
      expect(await store.countByTrigger({ campaignId })).toEqual({ PAGE_VIEW: 5, CLICK: 2, PURCHASE: 1, SCROLL: 1 })

      expect(await store.countByTrigger({ activityId }, range('10:30:00', '12:00:00'))).toEqual({ PAGE_VIEW: 3, CLICK: 2 })
      expect(await store.countByTrigger({ campaignId }, range('10:30:00', '12:00:00'))).toEqual({ PAGE_VIEW: 5, CLICK: 2 })
      // `to` rounds up to the next whole hour: one millisecond past 12:00 takes the 12:00 hour in
      expect(await store.countByTrigger({ activityId }, range('12:00:00', '12:00:00.001'))).toEqual({ PURCHASE: 1 })
      expect(await store.countByTrigger({ activityId }, range('14:00:00', '18:00:00'))).toEqual({})
      expect(await store.countByTrigger({ activityId: freshId() })).toEqual({})
    },
  },
  {
    name: 'buckets by UTC hour: 10:05 and 10:55 share one, 11:00 opens the next; a range takes whole hours',
    async run({ store }) {
      const { activityId, campaignId } = fresh()
      await store.write([
        testEvent({ activityId, campaignId, occurredAt: at('09:59:59.999') }),
        testEvent({ activityId, campaignId, occurredAt: at('10:05:00') }),
        // 10:55 UTC, written in a shopper's local time
        testEvent({ activityId, campaignId, occurredAt: `${day}T19:55:00+09:00` }),
        testEvent({ activityId, campaignId, occurredAt: at('10:30:00'), triggerType: 'CLICK' }),
        testEvent({ activityId, campaignId, occurredAt: at('11:00:00') }),
      ])
      const hour = (time: string, triggerType: HourlyCount['triggerType'], count: number) => ({ hour: at(time), triggerType, count })
      const tenAndEleven = [hour('10:00:00.000', 'CLICK', 1), hour('10:00:00.000', 'PAGE_VIEW', 2), hour('11:00:00.000', 'PAGE_VIEW', 1)]
      expect(byHour(await store.hourlyCounts({ activityId }, range('10:00:00', '12:00:00')))).toEqual(tenAndEleven)
      expect(byHour(await store.hourlyCounts({ campaignId }, range('10:00:00', '12:00:00')))).toEqual(tenAndEleven)
      expect(byHour(await store.hourlyCounts({ activityId }, range('10:59:00', '11:00:00')))).toEqual(tenAndEleven.slice(0, 2))
      expect(byHour(await store.hourlyCounts({ activityId }, range('10:59:00', '11:00:00.001')))).toEqual(tenAndEleven)
      expect(byHour(await store.hourlyCounts({ activityId }, range('09:30:00', '10:00:00')))).toEqual([hour('09:00:00.000', 'PAGE_VIEW', 1)])
      expect(await store.hourlyCounts({ activityId }, range('12:00:00', '23:00:00'))).toEqual([])
    },
  },
  {
    name: 'stores an event once: twice in one batch, again in a later batch; an empty batch writes nothing',
    async run({ store }) {
      const { activityId, campaignId } = fresh()
      const [first, second, third] = many(3, { activityId, campaignId, occurredAt: at('10:00:00') })
      expect(await store.write([first!, second!, first!])).toEqual({ written: 2, duplicates: 1 })
      expect(await store.write([first!, third!, second!])).toEqual({ written: 1, duplicates: 2 })
      expect(await store.write([])).toEqual({ written: 0, duplicates: 0 })
      expect(await store.countByTrigger({ activityId })).toEqual({ PAGE_VIEW: 3 })
      expect(await store.countByTrigger({ campaignId })).toEqual({ PAGE_VIEW: 3 })
    },
  },
  {
    name: 'two writers storing overlapping batches at the same time count each event once',
    async run({ store, target }) {
      const { activityId, campaignId } = fresh()
      const triggers = ['PAGE_VIEW', 'CLICK', 'SCROLL'] as const
      const events = Array.from({ length: 3000 }, (_, i) =>
        testEvent({ activityId, campaignId, triggerType: triggers[i % 3], occurredAt: at(`1${i % 4}:15:00`), anonymousId: `v-${i % 700}` }),
      )
      const batches = (slice: BehaviorEvent[], size: number) =>
        Array.from({ length: Math.ceil(slice.length / size) }, (_, i) => slice.slice(i * size, (i + 1) * size))
      // A takes the first two thirds in order, B the last two thirds backwards, and both the same
      // middle batches: every overlapping event is offered by both at about the same moment
      const forA = batches(events.slice(0, 2000), 250)
      const forB = [...batches(events.slice(1000).reverse(), 250), events.slice(1000, 1500)]
      const second = await target.open()
      try {
        const results = await Promise.all([
          ...forA.map((batch) => store.write(batch)),
          ...forB.map((batch) => second.write(batch)),
        ])
        const offered = [...forA, ...forB].reduce((n, b) => n + b.length, 0)
        expect(results.reduce((n, r) => n + r.written, 0)).toBe(events.length)
        expect(results.reduce((n, r) => n + r.duplicates, 0)).toBe(offered - events.length)
      } finally {
        await second.close()
      }
      expect(await store.countByTrigger({ activityId })).toEqual({ PAGE_VIEW: 1000, CLICK: 1000, SCROLL: 1000 })
      expect(await store.countByTrigger({ campaignId })).toEqual({ PAGE_VIEW: 1000, CLICK: 1000, SCROLL: 1000 })
      expect(await store.uniqueVisitors({ activityId })).toBe(700)
    },
  },
  {
    name: 'unique visitors: a shopper by user id when known, else by anonymous id, however many events',
    async run({ store }) {
      const { activityId, campaignId } = fresh()
      const sibling = freshId()
      await store.write([
        ...many(3, { activityId, campaignId, userId: 7, anonymousId: 'browser-x' }),
        testEvent({ activityId, campaignId, userId: 7, anonymousId: 'browser-y' }),
        ...many(2, { activityId, campaignId, userId: null, anonymousId: 'browser-x' }),
        testEvent({ activityId, campaignId, anonymousId: 'browser-z' }),
        testEvent({ activityId, campaignId, userId: 8, anonymousId: undefined }),
        // no one to count: neither id
        testEvent({ activityId, campaignId, anonymousId: undefined }),
        // the same shopper in another activity of the campaign
        testEvent({ activityId: sibling, campaignId, userId: 7, anonymousId: 'browser-q' }),
      ])
      // u7, u8, a:browser-x, a:browser-z
      expect(await store.uniqueVisitors({ activityId })).toBe(4)
      expect(await store.uniqueVisitors({ campaignId })).toBe(4)
      expect(await store.uniqueVisitors({ activityId: sibling })).toBe(1)
      expect(await store.uniqueVisitors({ activityId: freshId() })).toBe(0)
    },
  },
  {
    name: 'an event counts only in the scopes it names: no activity, no campaign, or neither',
    async run({ store }) {
      const { activityId, campaignId } = fresh()
      const written = await store.write([
        testEvent({ activityId, campaignId: null, anonymousId: 'only-activity' }),
        testEvent({ activityId: undefined, campaignId, triggerType: 'CLICK', anonymousId: 'only-campaign' }),
        testEvent({ activityId: null, campaignId: undefined, triggerType: 'SCROLL', anonymousId: 'nowhere' }),
      ])
      expect(written).toEqual({ written: 3, duplicates: 0 })
      expect(await store.countByTrigger({ activityId })).toEqual({ PAGE_VIEW: 1 })
      expect(await store.countByTrigger({ campaignId })).toEqual({ CLICK: 1 })
      expect(await store.uniqueVisitors({ activityId })).toBe(1)
      expect(await store.uniqueVisitors({ campaignId })).toBe(1)
    },
  },
  {
    name: 'keeps a PURCHASE with its properties; recent events come newest first, by trigger type when asked',
    async run({ store }) {
      const { activityId, campaignId } = fresh()
      const purchase: BehaviorEvent = {
        eventId: `purchase-ord-${crypto.randomUUID()}`,
        triggerType: 'PURCHASE',
        occurredAt: `${day}T19:05:00.123+09:00`,
        userId: 123,
        referrer: null,
        userAgent: 'axon-core',
        campaignId,
        activityId,
        properties: { source: 'backend', productId: 456, amount: 50000, orderId: 'ord-1', giftWrapped: false, coupon: null },
      }
      const later = testEvent({ activityId, campaignId, occurredAt: at('11:00:00') })
      const earlier = testEvent({ activityId, campaignId, occurredAt: at('09:00:00') })
      await store.write([earlier, purchase, later])

      const { referrer: _, ...stored } = { ...purchase, occurredAt: at('10:05:00.123') }
      expect(await store.recentEvents({ activityId }, { triggerType: 'PURCHASE' })).toEqual([stored])
      expect(await store.recentEvents({ campaignId }, { triggerType: 'PURCHASE' })).toEqual([stored])
      expect((await store.recentEvents({ activityId })).map((e) => e.eventId)).toEqual([later.eventId, purchase.eventId, earlier.eventId])
      expect((await store.recentEvents({ activityId }, { limit: 1 })).map((e) => e.eventId)).toEqual([later.eventId])
      expect(await store.recentEvents({ activityId }, { triggerType: 'SCROLL' })).toEqual([])
    },
  },
  {
    name: 'refuses an event whose occurredAt no store holds (outside years 1000–9999 UTC) with its reason, and stores the rest of its batch once',
    async run({ store }) {
      const { activityId, campaignId } = fresh()
      const good = many(4, { activityId, campaignId, occurredAt: at('10:00:00') })
      // year 10000 and year 999 in UTC: the schema refuses both, but a store must not trust its writer
      const late = testEvent({ activityId, campaignId, occurredAt: '9999-12-31T23:59:59-01:00' })
      const early = testEvent({ activityId: null, campaignId: null, occurredAt: '1000-01-01T00:30:00+01:00' })
      expect([late, early].map((e) => Value.Check(behaviorEvent, e))).toEqual([false, false])
      const batch = [good[0]!, late, good[1]!, good[2]!, early, good[3]!, good[0]!]
      const refusal = async () => (await store.write(batch).catch((error: unknown) => error)) as EventsRefused
      const first = await refusal()
      expect(first).toBeInstanceOf(EventsRefused)
      expect([...first.refused.keys()].sort()).toEqual([late.eventId, early.eventId].sort())
      expect(first.refused.get(late.eventId)).toContain('occurredAt')
      expect(first.stored).toEqual({ written: 4, duplicates: 1 })
      // offered again, as a redelivery would: refused again, the rest already stored
      expect((await refusal()).stored).toEqual({ written: 0, duplicates: 5 })
      expect(await store.countByTrigger({ activityId })).toEqual({ PAGE_VIEW: 4 })
      expect(await store.countByTrigger({ campaignId })).toEqual({ PAGE_VIEW: 4 })
    },
  },
  {
    name: 'takes any event the schema accepts: the largest ids, the longest text, text cut in the middle of a character',
    async run({ store }) {
      const { activityId, campaignId } = fresh()
      const largest = testEvent({
        activityId,
        campaignId,
        userId: Number.MAX_SAFE_INTEGER,
        anonymousId: '🛒'.repeat(32),
        pageUrl: `https://shop.example.com/${'p'.repeat(2048 - 25)}`,
        userAgent: 'u'.repeat(512),
        properties: Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`${'k'.repeat(60)}${i}`, 'v'.repeat(1024)])),
      })
      // a tracker that truncated "🛒" to its first UTF-16 unit
      const cut = testEvent({ activityId, campaignId, triggerType: 'CLICK', properties: { label: 'cart \ud83d' } })
      expect([largest, cut].map((e) => Value.Check(behaviorEvent, e))).toEqual([true, true])
      expect(await store.write([largest, cut])).toEqual({ written: 2, duplicates: 0 })
      expect(await store.countByTrigger({ activityId })).toEqual({ PAGE_VIEW: 1, CLICK: 1 })
      const [stored] = await store.recentEvents({ activityId }, { triggerType: 'PAGE_VIEW' })
      expect({ ...stored, occurredAt: undefined }).toEqual({ ...largest, occurredAt: undefined })
      const [storedCut] = await store.recentEvents({ activityId }, { triggerType: 'CLICK' })
      expect(String(storedCut!.properties!.label)).toStartWith('cart ')
    },
  },
  ...peopleContractTests,
]
