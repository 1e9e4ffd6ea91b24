/**
 * The dashboards benchmark's data, generated deterministically in chunks: shoppers, purchases
 * (three in ten of them promotion purchases of an activity, each with its entry and its confirmed
 * reservation, plus cancelled and lapsed holds), the backend PURCHASE event of every purchase, and
 * tracker events (page views, clicks, scrolls, sign-ins, thank-you-page purchases) of a visitor
 * pool a tenth the size of the events, four in ten of them signed-in shoppers, each visitor mostly
 * on one activity.
 */
import type { BehaviorEvent, TriggerType } from '../../common/schemas/behavior-event'
import type { Random } from '../simulators/random'
import { weightedActivity, type BenchCatalog } from './dashboard-catalog'

const day = 86_400_000
const grades = ['BRONZE', 'SILVER', 'GOLD', 'VIP']
const mix: [TriggerType, number][] = [['PAGE_VIEW', 0.55], ['CLICK', 0.25], ['SCROLL', 0.14], ['IDENTIFY', 0.04], ['PURCHASE', 0.02]]

export interface PurchaseChunk {
  purchases: unknown[][]
  entries: unknown[][]
  reservations: unknown[][]
  events: BehaviorEvent[]
}

export function shopperRows(count: number, random: Random, now: number): unknown[][] {
  return Array.from({ length: count }, (_, i) => [i + 1, random.pick(grades), new Date(now - 730 * day + random.int(0, 700) * day)])
}

/** Purchases `from` … `to` − 1 of the run, with what goes with each. */
export function purchaseChunk(catalog: BenchCatalog, random: Random, shoppers: number, range: { from: number; to: number }, entered: Set<string>, now: number): PurchaseChunk {
  const chunk: PurchaseChunk = { purchases: [], entries: [], reservations: [], events: [] }
  for (let n = range.from; n < range.to; n++) {
    const userId = random.int(1, shoppers)
    const orderId = `bench-order-${n}`
    const activity = random.chance(0.3) ? weightedActivity(catalog, random.next()) : null
    const promotion = activity && !entered.has(`${activity.id}:${userId}`) ? activity : null
    let purchase: { productId: number; price: number; quantity: number; at: number }
    if (promotion) {
      entered.add(`${promotion.id}:${userId}`)
      const at = promotion.startsAt + Math.floor(random.next() * (promotion.lastAt - promotion.startsAt))
      purchase = { productId: promotion.productId, price: promotion.price, quantity: 1, at }
      chunk.entries.push([promotion.id, userId, `bench-cmd-${n}`, `bench-token-${n}`, orderId, new Date(at)])
      chunk.reservations.push([`bench-token-${n}`, promotion.id, userId, new Date(at - 30_000), new Date(at + 270_000), 'CONFIRMED', new Date(at)])
      if (random.chance(0.3)) {
        const lost = at - random.int(60_000, 3_600_000)
        chunk.reservations.push([`bench-token-${n}-x`, promotion.id, random.int(1, shoppers), new Date(lost), new Date(lost + 300_000), random.pick(['CANCELLED', 'EXPIRED']), new Date(lost + 120_000)])
      }
    } else {
      const product = random.pick(catalog.products)
      purchase = { productId: product.id, price: product.price, quantity: random.chance(0.2) ? 2 : 1, at: now - 60_000 - random.int(0, 400 * 24) * 3_600_000 }
    }
    chunk.purchases.push([orderId, promotion?.id ?? null, userId, purchase.productId, purchase.price, purchase.quantity, new Date(purchase.at)])
    chunk.events.push({
      eventId: `backend:purchase-${orderId}`, triggerType: 'PURCHASE', occurredAt: new Date(purchase.at).toISOString(), userId,
      ...(promotion ? { campaignId: promotion.campaignId, activityId: promotion.id } : {}),
      properties: { source: 'backend', orderId, amount: purchase.price * purchase.quantity, productId: purchase.productId },
    })
  }
  return chunk
}

/** A fixed roll in [0, 1) per visitor (Knuth's multiplicative hash). */
const homeRoll = (visitor: number) => (Math.imul(visitor + 1, 2654435761) >>> 0) / 4_294_967_296

function triggerType(roll: number): TriggerType {
  for (const [type, share] of mix) if ((roll -= share) < 0) return type
  return 'PAGE_VIEW'
}

/** Tracker events `from` … `to` − 1 of a run of `total`, each in its activity's window. */
export function trackerEvents(catalog: BenchCatalog, random: Random, shoppers: number, total: number, range: { from: number; to: number }): BehaviorEvent[] {
  const visitors = Math.max(1, Math.floor(total / 10))
  return Array.from({ length: range.to - range.from }, (_, i): BehaviorEvent => {
    const visitor = random.int(0, visitors - 1)
    // a visitor keeps to one activity, their home, for eight events in ten
    const activity = weightedActivity(catalog, random.chance(0.8) ? homeRoll(visitor) : random.next())
    const type = triggerType(random.next())
    return {
      eventId: `bench-${(range.from + i).toString(36).padStart(8, '0')}`,
      triggerType: type,
      occurredAt: new Date(activity.startsAt + Math.floor(random.next() * (activity.lastAt - activity.startsAt))).toISOString(),
      userId: visitor % 10 < 4 ? (visitor % shoppers) + 1 : null,
      anonymousId: `bench-visitor-${visitor}`,
      sessionId: `bench-session-${visitor}`,
      pageUrl: `https://shop.example.com/a/${activity.id}`,
      campaignId: activity.campaignId,
      activityId: activity.id,
      properties: type === 'CLICK' ? { source: 'tracker', productId: activity.productId } : { source: 'tracker' } as Record<string, string>,
    }
  })
}
