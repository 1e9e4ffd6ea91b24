/**
 * What a simulation did, tallied per activity and per campaign as it happens, and summarised in
 * the dashboard APIs' own field names, so a test compares an API answer with it field by field.
 * Money is tallied in hundredths (integers) so no sum drifts.
 */
import type { TriggerType } from '../../common/schemas/behavior-event'
import { funnel, funnelSteps, percent, shopDay, timeToConvert, utcHour, type FunnelStep } from './funnel-math'

export interface SimulatedActivity {
  id: number
  campaignId: number
  productId: number
  price: number
  limit: number
  /** stock in Redis when the simulation began */
  stockAtStart: number
  /** the activity's start then: a later time travel shows as the difference */
  startsAt: string
}

interface Person {
  first: Partial<Record<FunnelStep, number>>
  lastEventAt: number
}

interface Money {
  purchases: number
  cents: number
}

export interface Customer {
  userId: number
  orderId: string
  productId: number
  amount: number
  purchasedAt: string
}

function newTally() {
  return {
    counted: {} as Partial<Record<TriggerType, number>>,
    trackerPurchases: 0,
    hourly: new Map<string, Partial<Record<TriggerType, number>>>(),
    people: new Map<string, Person>(),
    holds: 0,
    cancelled: 0,
    expired: 0,
    refused: {} as Record<string, number>,
    holders: new Set<number>(),
    /** shoppers with a confirmed entry: the live participants once every unpaid hold has ended */
    buyers: new Set<number>(),
    sales: { purchases: 0, cents: 0 } as Money,
    days: new Map<string, Money>(),
    grades: new Map<string, Money & { approved: number }>(),
    customerTypes: { new: { purchases: 0, cents: 0 }, returning: { purchases: 0, cents: 0 } } as Record<'new' | 'returning', Money>,
    customers: [] as Customer[],
  }
}
type Tally = ReturnType<typeof newTally>

const addMoney = (money: Money, cents: number) => {
  money.purchases++
  money.cents += cents
}

export function groundTruth(activities: readonly SimulatedActivity[], shopTimeZone: string) {
  const byActivity = new Map(activities.map((a) => [a.id, { activity: a, tally: newTally() }]))
  const byCampaign = new Map<number, Tally>()
  for (const a of activities) if (!byCampaign.has(a.campaignId)) byCampaign.set(a.campaignId, newTally())
  /** a shopper's purchases so far, of any activity: the first is "new", later ones "returning" */
  const purchasesOf = new Map<number, number>()

  const tallies = (activityId: number): Tally[] => {
    const entry = byActivity.get(activityId)!
    return [entry.tally, byCampaign.get(entry.activity.campaignId)!]
  }
  const person = (tally: Tally, key: string) => {
    let found = tally.people.get(key)
    if (!found) tally.people.set(key, (found = { first: {}, lastEventAt: 0 }))
    return found
  }
  const count = (tally: Tally, type: TriggerType, at: number) => {
    tally.counted[type] = (tally.counted[type] ?? 0) + 1
    const hour = utcHour(at)
    const counts = tally.hourly.get(hour) ?? {}
    counts[type] = (counts[type] ?? 0) + 1
    tally.hourly.set(hour, counts)
  }
  const reach = (found: Person, step: FunnelStep, at: number) => {
    if (found.first[step] === undefined || at < found.first[step]!) found.first[step] = at
  }

  return {
    activity: (activityId: number) => byActivity.get(activityId)!.activity,
    /** a tracker event the store took (once, however often it was sent) */
    event(activityId: number, personKey: string, type: TriggerType, at: number) {
      for (const tally of tallies(activityId)) {
        const found = person(tally, personKey)
        found.lastEventAt = Math.max(found.lastEventAt, at)
        // a tracker PURCHASE is stored but counted nowhere: the backend's record is the purchase
        if (type === 'PURCHASE') tally.trackerPurchases++
        else count(tally, type, at)
        if (type === 'PAGE_VIEW') reach(found, 'VISIT', at)
        if (type === 'CLICK') reach(found, 'CLICK', at)
      }
    },
    hold(activityId: number, userId: number, grade: string, heldAt: number) {
      for (const tally of tallies(activityId)) {
        tally.holds++
        tally.holders.add(userId)
        reach(person(tally, `u:${userId}`), 'APPROVED', heldAt)
        const segment = tally.grades.get(grade) ?? { approved: 0, purchases: 0, cents: 0 }
        segment.approved++
        tally.grades.set(grade, segment)
      }
    },
    purchase(activityId: number, grade: string, customer: Customer) {
      const at = Date.parse(customer.purchasedAt)
      const cents = Math.round(customer.amount * 100)
      const bought = purchasesOf.get(customer.userId) ?? 0
      purchasesOf.set(customer.userId, bought + 1)
      for (const tally of tallies(activityId)) {
        addMoney(tally.sales, cents)
        tally.buyers.add(customer.userId)
        const day = shopDay(at, shopTimeZone)
        const money = tally.days.get(day) ?? { purchases: 0, cents: 0 }
        addMoney(money, cents)
        tally.days.set(day, money)
        addMoney(tally.grades.get(grade)!, cents)
        addMoney(tally.customerTypes[bought === 0 ? 'new' : 'returning'], cents)
        tally.customers.push(customer)
        // the backend's PURCHASE event, published by core's outbox at the confirmation's time
        count(tally, 'PURCHASE', at)
        const found = person(tally, `u:${customer.userId}`)
        found.lastEventAt = Math.max(found.lastEventAt, at)
        reach(found, 'PURCHASE', at)
      }
    },
    cancelled: (activityId: number) => tallies(activityId).forEach((t) => t.cancelled++),
    leftToExpire: (activityId: number) => tallies(activityId).forEach((t) => t.expired++),
    refused(activityId: number, code: string) {
      for (const tally of tallies(activityId)) tally.refused[code] = (tally.refused[code] ?? 0) + 1
    },
    summary() {
      return {
        activities: [...byActivity.values()].map(({ activity, tally }) => activitySummary(activity, tally)),
        campaigns: [...byCampaign.entries()].map(([campaignId, tally]) => campaignSummary(campaignId, activities.filter((a) => a.campaignId === campaignId), tally)),
      }
    },
  }
}

export type GroundTruth = ReturnType<typeof groundTruth>

function overview(tally: Tally) {
  const visits = tally.counted.PAGE_VIEW ?? 0
  return {
    totalVisits: visits,
    totalClicks: tally.counted.CLICK ?? 0,
    approvedCount: tally.holds,
    purchaseCount: tally.sales.purchases,
    revenue: tally.sales.cents / 100,
    conversionRate: percent(tally.sales.purchases, visits, 2),
  }
}

function funnelOf(tally: Tally) {
  const o = overview(tally)
  return funnel({ VISIT: o.totalVisits, CLICK: o.totalClicks, APPROVED: o.approvedCount, PURCHASE: o.purchaseCount })
}

/** activeUsers holds until the first of these people's last events is 5 minutes old */
function realtime(tally: Tally, stockAtStart: number) {
  const lastEvents = [...tally.people.values()].map((p) => p.lastEventAt)
  return {
    remainingStock: stockAtStart - tally.sales.purchases,
    // read after every unpaid hold was cancelled or lapsed: holding-or-confirmed = confirmed
    participantCount: tally.buyers.size,
    activeUsers: tally.people.size,
    activeUsersUntil: lastEvents.length ? new Date(Math.min(...lastEvents) + 300_000).toISOString() : null,
  }
}

function perDay(tally: Tally) {
  return [...tally.days.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([date, m]) => ({ date, promotionPurchases: m.purchases, promotionRevenue: m.cents / 100 }))
}

function hourly(tally: Tally) {
  return [...tally.hourly.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([hour, counts]) => ({ hour, counts }))
}

function reservations(tally: Tally) {
  return { held: tally.holds, confirmed: tally.sales.purchases, cancelled: tally.cancelled, expired: tally.expired, refused: tally.refused }
}

function activitySummary(activity: SimulatedActivity, tally: Tally) {
  const people = Object.fromEntries(funnelSteps.map((s) => [s, 0])) as Record<FunnelStep, number>
  for (const p of tally.people.values()) for (const step of funnelSteps) if (p.first[step] !== undefined) people[step]++
  return {
    activityId: activity.id,
    campaignId: activity.campaignId,
    productId: activity.productId,
    startsAt: activity.startsAt,
    overview: overview(tally),
    funnel: funnelOf(tally),
    realtime: realtime(tally, activity.stockAtStart),
    peopleFunnel: {
      steps: funnelSteps.map((name, i) => ({ name, people: people[name], rate: i === 0 ? 100 : percent(people[name], people[funnelSteps[i - 1]!], 1) })),
      timeToConvert: timeToConvert([...tally.people.values()].map((p) => p.first)),
    },
    events: { ...tally.counted, trackerPurchases: tally.trackerPurchases },
    reservations: reservations(tally),
    hourly: hourly(tally),
    days: perDay(tally),
    segments: {
      byGrade: [...tally.grades.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([grade, s]) => ({
        grade, approved: s.approved, purchases: s.purchases, revenue: s.cents / 100, conversion: percent(s.purchases, s.approved, 2),
      })),
      byCustomerType: (['new', 'returning'] as const).map((type) => ({ type, purchases: tally.customerTypes[type].purchases, revenue: tally.customerTypes[type].cents / 100 })),
    },
    customers: tally.customers,
  }
}

function campaignSummary(campaignId: number, activities: readonly SimulatedActivity[], tally: Tally) {
  const stock = activities.reduce((sum, a) => sum + a.stockAtStart, 0)
  return {
    campaignId,
    activityIds: activities.map((a) => a.id),
    overview: { ...overview(tally), totalParticipants: tally.holders.size },
    funnel: funnelOf(tally),
    realtime: realtime(tally, stock),
    events: { ...tally.counted, trackerPurchases: tally.trackerPurchases },
    reservations: reservations(tally),
    hourly: hourly(tally),
    days: perDay(tally),
  }
}

export type JourneyTruth = ReturnType<GroundTruth['summary']>
