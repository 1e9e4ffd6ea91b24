/**
 * Storefront traffic as the tracker sends it: page views, clicks, scrolls and purchases of
 * shoppers (some signed in, most anonymous) on a campaign's activities, cut into /collect batches,
 * with the tracker retries (the same event sent again) and the broken events a real storefront
 * produces. Used by the acceptance tests, which compute their expectations from `unique`, and by
 * the ingestion benchmark.
 */
import { isCounted } from '../../analytics/store/rollup-keys'
import type { BehaviorEvent, TriggerType } from '../../common/schemas/behavior-event'

export interface TrafficPlan {
  /** events sent in all, resent and malformed ones included */
  events: number
  /** share of `events` that are an earlier event sent again (same eventId) */
  duplicateShare: number
  /** share of `events` that fail the event schema */
  malformedShare: number
  batchSize: number
  activityIds: readonly number[]
  campaignId: number
}

export interface Traffic {
  /** what is sent, batch by batch, in order */
  batches: unknown[][]
  /** the valid events, once each: what a store must count */
  unique: BehaviorEvent[]
  /** per batch, where its malformed events stand and the eventId they carry, if any */
  malformed: { index: number; eventId?: string }[][]
}

const mix: [TriggerType, number][] = [['PAGE_VIEW', 0.55], ['CLICK', 0.25], ['SCROLL', 0.15], ['PURCHASE', 0.05]]
const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)]!

function triggerType(): TriggerType {
  let roll = Math.random()
  for (const [type, share] of mix) if ((roll -= share) < 0) return type
  return 'PAGE_VIEW'
}

function properties(type: TriggerType, product: number): BehaviorEvent['properties'] {
  if (type === 'SCROLL') return { source: 'tracker', scrollDepth: pick([25, 50, 75, 100]) }
  if (type === 'CLICK') return { source: 'tracker', element: pick(['add-to-cart', 'reserve', 'banner']), productId: product }
  if (type === 'PURCHASE') return { source: 'tracker', productId: product, amount: 50_000, orderId: `ord-${crypto.randomUUID()}` }
  return { source: 'tracker' }
}

/** One shopper's event on one of the activities; a tenth of the events' count of shoppers in all. */
export function shopperEvent(plan: Pick<TrafficPlan, 'activityIds' | 'campaignId'>, shoppers: number): BehaviorEvent {
  const shopper = Math.floor(Math.random() * shoppers)
  const type = triggerType()
  const product = 1 + (shopper % 40)
  return {
    eventId: `ev-${crypto.randomUUID()}`,
    triggerType: type,
    occurredAt: new Date(Date.now() - Math.floor(Math.random() * 6 * 3_600_000)).toISOString(),
    // four shoppers in ten are signed in
    userId: shopper % 10 < 4 ? 5_000_000 + shopper : null,
    anonymousId: `anon-${shopper}`,
    sessionId: `sess-${shopper}-${Math.floor(Math.random() * 3)}`,
    pageUrl: `https://shop.example.com/black-friday/products/${product}`,
    referrer: 'https://www.google.com/',
    userAgent: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36',
    campaignId: plan.campaignId,
    activityId: pick(plan.activityIds),
    properties: properties(type, product),
  }
}

/** Broken the ways storefronts break events; each keeps its eventId where it has one. */
const breakages: ((event: BehaviorEvent) => unknown)[] = [
  (e) => ({ ...e, triggerType: 'HOVER' }),
  ({ eventId: _, ...e }) => e,
  (e) => ({ ...e, occurredAt: 'yesterday' }),
  (e) => ({ ...e, activityId: String(e.activityId) }),
  (e) => ({ ...e, email: 'shopper@example.com' }),
  (e) => ({ ...e, eventId: 'x' }),
  () => 'page_view',
]

function shuffle<T>(items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1))
    ;[items[i], items[j]] = [items[j]!, items[i]!]
  }
  return items
}

export function shopperTraffic(plan: TrafficPlan): Traffic {
  const duplicates = Math.round(plan.events * plan.duplicateShare)
  const broken = Math.round(plan.events * plan.malformedShare)
  const shoppers = Math.max(1, Math.round(plan.events / 10))
  const unique = Array.from({ length: plan.events - duplicates - broken }, () => shopperEvent(plan, shoppers))
  const malformedEvents = Array.from({ length: broken }, (_, i) => ({ malformed: breakages[i % breakages.length]!(shopperEvent(plan, shoppers)) }))
  const sent = shuffle<BehaviorEvent | { malformed: unknown }>([
    ...unique,
    ...Array.from({ length: duplicates }, () => pick(unique)),
    ...malformedEvents,
  ])
  const batches: unknown[][] = []
  const malformed: Traffic['malformed'] = []
  for (let start = 0; start < sent.length; start += plan.batchSize) {
    const slice = sent.slice(start, start + plan.batchSize)
    batches.push(slice.map((item) => ('malformed' in item ? item.malformed : item)))
    malformed.push(
      slice.flatMap((item, index) => {
        if (!('malformed' in item)) return []
        const eventId = (item.malformed as { eventId?: unknown })?.eventId
        return [typeof eventId === 'string' ? { index, eventId } : { index }]
      }),
    )
  }
  return { batches, unique, malformed }
}

/** Events per trigger type of one activity: what the store must answer for it (a tracker's PURCHASE counts nowhere). */
export function countsOf(events: readonly BehaviorEvent[], activityId: number): Partial<Record<TriggerType, number>> {
  const counts: Partial<Record<TriggerType, number>> = {}
  for (const e of events) if (e.activityId === activityId && isCounted(e)) counts[e.triggerType] = (counts[e.triggerType] ?? 0) + 1
  return counts
}
