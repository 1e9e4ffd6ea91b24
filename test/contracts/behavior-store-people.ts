/**
 * The behaviour store contract, people and time: identity links, a tracker's PURCHASE counted
 * nowhere, people per step and their first times, active people, time travel.
 */
import { expect } from 'bun:test'
import type { PersonFirsts } from '../../analytics/store/port'
import { testEvent } from '../support/events'
import { at, backendPurchase, fresh, freshId, many, range, type ContractTest } from './behavior-store-support'

const byPerson = (people: PersonFirsts[]) => [...people].sort((a, b) => a.person.localeCompare(b.person))
const iso = (time: string) => new Date(at(time)).toISOString()

export const peopleContractTests: ContractTest[] = [
  {
    name: "a tracker's PURCHASE is stored but counted nowhere; the backend's PURCHASE of the same order counts once",
    async run({ store }) {
      const { activityId, campaignId } = fresh()
      const orderId = `ord-${crypto.randomUUID()}`
      const trackerPurchase = testEvent({
        activityId, campaignId, triggerType: 'PURCHASE', userId: 41, anonymousId: 'buyer-browser', occurredAt: at('10:10:00'),
        properties: { source: 'tracker', orderId, amount: 1 },
      })
      // a visitor whose only event is a tracker PURCHASE is no one to count either
      const lonePurchase = testEvent({ activityId, campaignId, triggerType: 'PURCHASE', anonymousId: 'only-bought', occurredAt: at('10:11:00') })
      const backend = backendPurchase({ activityId, campaignId, orderId, userId: 41, occurredAt: at('10:12:00') })
      const view = testEvent({ activityId, campaignId, userId: 41, anonymousId: 'buyer-browser', occurredAt: at('10:00:00') })
      expect(await store.write([view, trackerPurchase, lonePurchase, backend])).toEqual({ written: 4, duplicates: 0 })

      for (const scope of [{ activityId }, { campaignId }]) {
        expect(await store.countByTrigger(scope)).toEqual({ PAGE_VIEW: 1, PURCHASE: 1 })
        expect(await store.countByTrigger(scope, range('10:00:00', '11:00:00'))).toEqual({ PAGE_VIEW: 1, PURCHASE: 1 })
        expect(await store.hourlyCounts(scope, range('10:00:00', '11:00:00'))).toEqual([
          { hour: iso('10:00:00'), triggerType: 'PAGE_VIEW', count: 1 },
          { hour: iso('10:00:00'), triggerType: 'PURCHASE', count: 1 },
        ])
        expect(await store.uniqueVisitors(scope)).toBe(1)
        expect(await store.peopleByTrigger(scope)).toEqual({ PAGE_VIEW: 1, PURCHASE: 1 })
        expect(await store.personFirsts(scope, ['PAGE_VIEW', 'PURCHASE'])).toEqual([
          { person: 'u:41', userId: 41, first: { PAGE_VIEW: iso('10:00:00'), PURCHASE: iso('10:12:00') } },
        ])
        expect(await store.activePeople(scope, new Date(at('10:05:00')))).toBe(1)
      }
      // stored all the same
      const purchases = await store.recentEvents({ activityId }, { triggerType: 'PURCHASE' })
      expect(purchases.map((e) => e.eventId)).toEqual([backend.eventId, lonePurchase.eventId, trackerPurchase.eventId])
    },
  },
  {
    name: 'one person, not two: anonymous events join their user once an event links them, also when the link is stored after them',
    async run({ store }) {
      const { activityId, campaignId } = fresh()
      const sibling = freshId()
      // browsing anonymously first, on two browsers; a stranger stays anonymous
      await store.write([
        testEvent({ activityId, campaignId, anonymousId: 'laptop', userId: null, occurredAt: at('09:00:00') }),
        testEvent({ activityId, campaignId, anonymousId: 'laptop', triggerType: 'CLICK', occurredAt: at('09:05:00') }),
        testEvent({ activityId, campaignId, anonymousId: 'phone', occurredAt: at('09:30:00') }),
        testEvent({ activityId, campaignId, anonymousId: 'stranger', occurredAt: at('09:40:00') }),
      ])
      expect(await store.peopleByTrigger({ activityId })).toEqual({ PAGE_VIEW: 3, CLICK: 1 })

      // signing in links both browsers to shopper 77, from another activity of the campaign
      await store.write([
        testEvent({ activityId: sibling, campaignId, triggerType: 'IDENTIFY', anonymousId: 'laptop', userId: 77, occurredAt: at('10:00:00') }),
        testEvent({ activityId: sibling, campaignId, anonymousId: 'phone', userId: 77, occurredAt: at('10:01:00') }),
        backendPurchase({ activityId, campaignId, userId: 77, occurredAt: at('10:30:00') }),
      ])
      expect(await store.peopleByTrigger({ activityId })).toEqual({ PAGE_VIEW: 2, CLICK: 1, PURCHASE: 1 })
      expect(await store.peopleByTrigger({ campaignId })).toEqual({ PAGE_VIEW: 2, CLICK: 1, PURCHASE: 1, IDENTIFY: 1 })
      expect(byPerson(await store.personFirsts({ activityId }, ['PAGE_VIEW', 'CLICK', 'PURCHASE']))).toEqual([
        { person: 'a:stranger', userId: null, first: { PAGE_VIEW: iso('09:40:00') } },
        { person: 'u:77', userId: 77, first: { PAGE_VIEW: iso('09:00:00'), CLICK: iso('09:05:00'), PURCHASE: iso('10:30:00') } },
      ])
      expect(await store.activePeople({ activityId }, new Date(at('09:00:00')))).toBe(2)
      expect(await store.activePeople({ campaignId }, new Date(at('09:00:00')))).toBe(2)
      // visitors stay as the events name them
      expect(await store.uniqueVisitors({ activityId })).toBe(4)
    },
  },
  {
    name: 'the earliest link wins, whatever order the events are stored in, once or twice',
    async run({ store }) {
      const { activityId, campaignId } = fresh()
      const later = testEvent({ activityId, campaignId, anonymousId: 'shared-pc', userId: 5, occurredAt: at('11:00:00') })
      const earlier = testEvent({ activityId, campaignId, anonymousId: 'shared-pc', userId: 6, occurredAt: at('10:00:00') })
      const anonymous = testEvent({ activityId, campaignId, anonymousId: 'shared-pc', userId: null, triggerType: 'CLICK', occurredAt: at('12:00:00') })
      await store.write([later, anonymous])
      expect(await store.personFirsts({ activityId }, ['CLICK'])).toEqual([{ person: 'u:5', userId: 5, first: { CLICK: iso('12:00:00') } }])
      await store.write([earlier, later])
      await store.write([anonymous, earlier])
      expect(await store.personFirsts({ activityId }, ['CLICK'])).toEqual([{ person: 'u:6', userId: 6, first: { CLICK: iso('12:00:00') } }])
      expect(await store.peopleByTrigger({ activityId })).toEqual({ PAGE_VIEW: 2, CLICK: 1 })
    },
  },
  {
    name: 'people and first times over a range of whole hours; only the steps asked for; nothing for no one',
    async run({ store }) {
      const { activityId, campaignId } = fresh()
      await store.write([
        testEvent({ activityId, campaignId, userId: 1, occurredAt: at('08:30:00') }),
        testEvent({ activityId, campaignId, userId: 1, occurredAt: at('10:45:00') }),
        testEvent({ activityId, campaignId, userId: 1, occurredAt: at('10:15:00') }),
        testEvent({ activityId, campaignId, userId: 2, triggerType: 'CLICK', occurredAt: at('10:20:00') }),
        testEvent({ activityId, campaignId, userId: 2, triggerType: 'SCROLL', occurredAt: at('10:21:00') }),
        testEvent({ activityId, campaignId, userId: null, anonymousId: undefined, occurredAt: at('10:30:00') }),
      ])
      expect(await store.peopleByTrigger({ activityId })).toEqual({ PAGE_VIEW: 1, CLICK: 1, SCROLL: 1 })
      expect(await store.peopleByTrigger({ activityId }, range('10:50:00', '11:00:00'))).toEqual({ PAGE_VIEW: 1, CLICK: 1, SCROLL: 1 })
      expect(await store.peopleByTrigger({ activityId }, range('11:00:00', '12:00:00'))).toEqual({})
      // the first time inside the range, not of all time
      expect(byPerson(await store.personFirsts({ activityId }, ['PAGE_VIEW', 'CLICK'], range('10:00:00', '11:00:00')))).toEqual([
        { person: 'u:1', userId: 1, first: { PAGE_VIEW: iso('10:15:00') } },
        { person: 'u:2', userId: 2, first: { CLICK: iso('10:20:00') } },
      ])
      expect(await store.personFirsts({ activityId }, ['PAGE_VIEW'])).toEqual([{ person: 'u:1', userId: 1, first: { PAGE_VIEW: iso('08:30:00') } }])
      expect(await store.personFirsts({ activityId }, [])).toEqual([])
      expect(await store.personFirsts({ activityId: freshId() }, ['PAGE_VIEW'])).toEqual([])
      expect(await store.peopleByTrigger({ campaignId: freshId() })).toEqual({})
      expect(await store.activePeople({ activityId }, new Date(at('10:20:00')))).toBe(2)
      expect(await store.activePeople({ activityId }, new Date(at('10:45:00.001')))).toBe(0)
    },
  },
  {
    name: 'people counts survive duplicates and two writers racing: each person and first time once',
    async run({ store, target }) {
      const { activityId, campaignId } = fresh()
      const events = Array.from({ length: 1200 }, (_, i) =>
        testEvent({
          activityId, campaignId, triggerType: i % 2 ? 'CLICK' : 'PAGE_VIEW', anonymousId: `v-${i % 300}`,
          // every third visitor signs in on its last events
          userId: i % 300 % 3 === 0 && i >= 900 ? 9_000 + (i % 300) : null, occurredAt: at(`1${i % 3}:${String(i % 60).padStart(2, '0')}:00`),
        }),
      )
      const second = await target.open()
      try {
        await Promise.all([store.write(events.slice(0, 800)), second.write(events.slice(400).reverse()), store.write(events.slice(300, 700))])
      } finally {
        await second.close()
      }
      // 300 browsers (a browser's events all share one trigger type), 100 of them linked to a shopper
      // who also shows up by user id: 300 people
      expect(await store.peopleByTrigger({ activityId })).toEqual({ PAGE_VIEW: 150, CLICK: 150 })
      const firsts = await store.personFirsts({ campaignId }, ['PAGE_VIEW', 'CLICK'])
      expect(firsts).toHaveLength(300)
      expect(firsts.filter((p) => p.userId !== null)).toHaveLength(100)
      const earliest = (visitor: string, type: string) =>
        events.filter((e) => e.anonymousId === visitor && e.triggerType === type).map((e) => new Date(e.occurredAt).toISOString()).sort()[0]
      const linked = firsts.find((p) => p.userId === 9_000)!
      expect(linked.first).toEqual({ PAGE_VIEW: earliest('v-0', 'PAGE_VIEW') })
    },
  },
  {
    name: "time travel moves an activity's events and their counts whole days into the past, and nothing else",
    async run({ store }) {
      const { activityId, campaignId } = fresh()
      const sibling = freshId()
      await store.write([
        ...many(2, { activityId, campaignId, userId: 3, occurredAt: at('10:15:00') }),
        backendPurchase({ activityId, campaignId, userId: 3, occurredAt: at('11:15:00') }),
        testEvent({ activityId: sibling, campaignId, userId: 4, occurredAt: at('10:30:00') }),
      ])
      expect(await store.shiftActivityEvents(activityId, 2)).toBe(3)
      const twoDaysBefore = (time: string) => new Date(Date.parse(at(time)) - 2 * 86_400_000)
      const thatDay = { from: twoDaysBefore('00:00:00'), to: twoDaysBefore('23:59:59') }

      expect(await store.countByTrigger({ activityId }, range('00:00:00', '23:59:59'))).toEqual({})
      expect(await store.countByTrigger({ activityId }, thatDay)).toEqual({ PAGE_VIEW: 2, PURCHASE: 1 })
      expect(await store.countByTrigger({ campaignId }, range('00:00:00', '23:59:59'))).toEqual({ PAGE_VIEW: 1 })
      expect(await store.countByTrigger({ campaignId }, thatDay)).toEqual({ PAGE_VIEW: 2, PURCHASE: 1 })
      expect(await store.hourlyCounts({ campaignId }, thatDay)).toEqual([
        { hour: twoDaysBefore('10:00:00').toISOString(), triggerType: 'PAGE_VIEW', count: 2 },
        { hour: twoDaysBefore('11:00:00').toISOString(), triggerType: 'PURCHASE', count: 1 },
      ])
      expect(await store.personFirsts({ activityId }, ['PAGE_VIEW', 'PURCHASE'])).toEqual([
        { person: 'u:3', userId: 3, first: { PAGE_VIEW: twoDaysBefore('10:15:00').toISOString(), PURCHASE: twoDaysBefore('11:15:00').toISOString() } },
      ])
      expect(await store.peopleByTrigger({ campaignId }, range('00:00:00', '23:59:59'))).toEqual({ PAGE_VIEW: 1 })
      expect((await store.recentEvents({ activityId })).map((e) => e.occurredAt)).toEqual([
        twoDaysBefore('11:15:00').toISOString(), twoDaysBefore('10:15:00').toISOString(), twoDaysBefore('10:15:00').toISOString(),
      ])
      expect(await store.shiftActivityEvents(freshId(), 2)).toBe(0)
    },
  },
]
