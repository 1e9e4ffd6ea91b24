/**
 * One customer's cohort summaries, from all their purchases: for every activity they bought in,
 * their first purchase there and what they bought from it on (README "Marketing numbers",
 * Cohorts). Pure, so the definitions are tested without a database.
 */
import { calendarDaysBetween, shopDay } from '../../common/shop-days'

const dayMs = 86_400_000
/** the LTV windows kept per customer, in days */
export const ltvWindows = [30, 90, 365] as const

export interface CustomerPurchase {
  id: number
  activityId: number | null
  purchasedAt: Date
  /** price × quantity in cents, so sums stay exact */
  cents: number
}

export interface CustomerSummary {
  activityId: number
  userId: number
  firstPurchaseAt: Date
  acquisitionDay: string
  purchases: number
  cents: number
  /** revenue in cents of the purchases with floor((t − first) / 24 h) ≤ 30, 90, 365 */
  windowCents: [number, number, number]
  nextPurchaseAt: Date | null
  nextPurchaseCalendarDays: number | null
  /** day offsets ≥ 1 with another purchase: R = whole 24 h periods since first, C = shop calendar days */
  repurchaseDays: { R: number[]; C: number[] }
}

const byTimeThenId = (a: CustomerPurchase, b: CustomerPurchase) =>
  a.purchasedAt.getTime() - b.purchasedAt.getTime() || a.id - b.id

/** Every activity summary of one customer; `purchases` are all of theirs, in any order. */
export function summariseCustomer(userId: number, purchases: readonly CustomerPurchase[], zone: string): CustomerSummary[] {
  const ordered = [...purchases].sort(byTimeThenId)
  const firsts = new Map<number, number>()
  ordered.forEach((p, index) => {
    if (p.activityId !== null && !firsts.has(p.activityId)) firsts.set(p.activityId, index)
  })
  return [...firsts].map(([activityId, index]) => summariseFrom(activityId, userId, ordered, index, zone))
}

function summariseFrom(activityId: number, userId: number, ordered: readonly CustomerPurchase[], firstIndex: number, zone: string): CustomerSummary {
  const first = ordered[firstIndex]!
  const firstAt = first.purchasedAt.getTime()
  // purchases at the first one's very instant count too, whichever was recorded first
  const since = ordered.filter((p) => p.purchasedAt.getTime() >= firstAt)
  const others = since.filter((p) => p !== first)
  const windowCents = ltvWindows.map((days) =>
    since.filter((p) => Math.floor((p.purchasedAt.getTime() - firstAt) / dayMs) <= days).reduce((sum, p) => sum + p.cents, 0),
  ) as [number, number, number]
  const rolling = new Set<number>()
  const calendar = new Set<number>()
  for (const p of others) {
    rolling.add(Math.floor((p.purchasedAt.getTime() - firstAt) / dayMs))
    calendar.add(calendarDaysBetween(first.purchasedAt, p.purchasedAt, zone))
  }
  const next = others[0]
  return {
    activityId,
    userId,
    firstPurchaseAt: first.purchasedAt,
    acquisitionDay: shopDay(first.purchasedAt, zone),
    purchases: since.length,
    cents: since.reduce((sum, p) => sum + p.cents, 0),
    windowCents,
    nextPurchaseAt: next?.purchasedAt ?? null,
    nextPurchaseCalendarDays: next ? calendarDaysBetween(first.purchasedAt, next.purchasedAt, zone) : null,
    repurchaseDays: { R: positiveSorted(rolling), C: positiveSorted(calendar) },
  }
}

const positiveSorted = (offsets: Set<number>) => [...offsets].filter((d) => d >= 1).sort((a, b) => a - b)
