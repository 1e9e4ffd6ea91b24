/**
 * The demo data `./axon up` starts with: one Black Friday campaign with an open FCFS activity
 * (id 1) and a GOLD/VIP-only one, 300 shoppers with grades, and a year of regular purchases so
 * eligibility and cohort numbers mean something. Generated from a fixed seed relative to `now`,
 * so every fresh install sees the same shape.
 */
import type { MemberGrade } from '../domain'
import type { ActivityFields } from '../repositories/activities'
import type { Product } from '../repositories/products'
import type { NewPurchase } from '../repositories/purchases'
import type { Shopper } from '../repositories/users'

const day = 86_400_000

/** mulberry32: a tiny deterministic PRNG; Math.random cannot be seeded. */
function randomFrom(seed: number) {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
}

export const demoCampaign = {
  name: 'Black Friday FCFS',
  description: 'First come, first served deals for Black Friday week',
  budget: 5_000_000,
}

export const demoProducts = [
  { name: 'Wireless Earbuds Pro', price: 199_000 },
  { name: 'Smart Watch S', price: 299_000 },
]

/**
 * Activity 1 is open now for a week to everyone, with its own budget; activity 2 only to GOLD and
 * VIP members, sharing what the campaign's budget leaves.
 */
export function demoActivities(campaignId: number, productIds: readonly [number, number], now: Date): (ActivityFields & { id: number })[] {
  const week = { startsAt: new Date(now.getTime() - 60_000), endsAt: new Date(now.getTime() + 7 * day) }
  return [
    { id: 1, campaignId, name: 'Earbuds Pro at 99,000 — first 100', productId: productIds[0], price: 99_000, budget: 2_000_000, limit: 100, status: 'ACTIVE', rules: null, ...week },
    {
      id: 2,
      campaignId,
      name: 'Smart Watch members-only — GOLD and VIP',
      productId: productIds[1],
      price: 149_000,
      budget: null,
      limit: 50,
      status: 'ACTIVE',
      rules: { memberGrades: ['GOLD', 'VIP'] },
      ...week,
    },
  ]
}

const gradeShares: [MemberGrade, number][] = [['BRONZE', 0.6], ['SILVER', 0.85], ['GOLD', 0.95], ['VIP', 1]]

export function demoShoppers(count: number, now: Date): Shopper[] {
  const random = randomFrom(7)
  return Array.from({ length: count }, (_, i) => {
    const roll = random()
    const grade = gradeShares.find(([, upTo]) => roll < upTo)![0]
    // about one in ten signed up in the last month; the rest over the two years before
    const daysAgo = random() < 0.1 ? random() * 30 : 30 + random() * 700
    return { id: i + 1, grade, createdAt: new Date(now.getTime() - daysAgo * day) }
  })
}

/** Six in ten shoppers bought 1–6 times at list price over the past year, never before signing up. */
export function demoPurchaseHistory(shoppers: readonly Shopper[], products: readonly Product[], now: Date): NewPurchase[] {
  const random = randomFrom(11)
  const purchases: NewPurchase[] = []
  for (const shopper of shoppers) {
    if (random() >= 0.6) continue
    const since = Math.max(shopper.createdAt.getTime(), now.getTime() - 365 * day)
    const times = 1 + Math.floor(random() * 6)
    for (let n = 0; n < times; n++) {
      const product = products[Math.floor(random() * products.length)]!
      const purchasedAt = new Date(since + random() * (now.getTime() - 3_600_000 - since))
      purchases.push({ orderId: `seed-${shopper.id}-${n}`, activityId: null, userId: shopper.id, productId: product.id, price: product.price, purchasedAt })
    }
  }
  return purchases
}
