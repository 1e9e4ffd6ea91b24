/**
 * `ltv`: the repurchases of an activity's customers (the cohort a journey made) at realistic
 * offsets after their first purchase, back-dated through core's order intake (`POST
 * /api/v1/admin/orders`) — after a time travel moved the cohort into the past, those offsets lie
 * in the past too; ones still in the future are not made. Answers the cohort's numbers as the
 * cohort API must show them, for a cohort whose shoppers bought nothing the simulators did not make.
 */
import { acquisitionCost, cohortNumbers, type CohortPurchase } from './cohort-math'
import type { JourneyResult } from './journey'
import { type PlatformClient } from './platform-client'
import { seededRandom, type Random } from './random'

const day = 86_400_000
const hour = 3_600_000
/** the order intake's largest batch */
const ordersPerRequest = 1000

const utcDay = (at: number) => new Date(at).toISOString().slice(0, 10)

export interface LtvOptions {
  activityId: number
  /** what the journey printed: the activity's customers and its start at the time */
  journey: Pick<JourneyResult, 'activities'>
  seed: number
  /** the share of customers who never buy again (default 0.45) */
  neverReturnShare?: number
  shopTimeZone: string
  progress: (line: string) => void
}

interface Order {
  orderId: string
  userId: number
  productId: number
  price: number
  quantity: number
  purchasedAt: string
}

/** Days to the next purchase: a fifth within a day, most within a month, a long tail to a year. */
function nextGap(random: Random): number {
  const roll = random.next()
  if (roll < 0.2) return random.int(1, 23) * hour
  if (roll < 0.55) return random.int(1, 30) * day
  if (roll < 0.8) return random.int(31, 120) * day
  return random.int(121, 400) * day
}

function planRepurchases(
  random: Random,
  customers: readonly { userId: number; first: number }[],
  products: readonly { id: number; price: number }[],
  runId: string,
  neverReturnShare: number,
) {
  const orders: Order[] = []
  let notYetDue = 0
  for (const customer of customers) {
    // by default 45 % never come back; the others buy again 1–8 times
    const times = random.chance(neverReturnShare) ? 0 : 1 + Math.min(7, Math.floor(-Math.log(1 - random.next()) / 0.6))
    let at = customer.first
    for (let n = 0; n < times; n++) {
      at += nextGap(random) + random.int(0, 59) * 60_000
      const product = random.pick(products)
      if (at > Date.now() - 60_000) {
        notYetDue++
        continue
      }
      const quantity = random.chance(0.2) ? 2 : 1
      orders.push({ orderId: `ltv-${runId}-${customer.userId}-${n}`, userId: customer.userId, productId: product.id, price: product.price, quantity, purchasedAt: new Date(at).toISOString() })
    }
  }
  return { orders, notYetDue }
}

export async function simulateLtv(client: PlatformClient, options: LtvOptions) {
  const say = options.progress
  const recorded = options.journey.activities.find((a) => a.activityId === options.activityId)
  if (!recorded) throw new Error(`the journey given made no visits to activity ${options.activityId}`)
  const activity = await client.admin('GET', `/activities/${options.activityId}`)
  // a time travel since the journey moved the activity, and its purchases, this far back
  const shift = Date.parse(recorded.startsAt) - Date.parse(activity.startsAt)
  const customers = recorded.customers.map((c) => ({ userId: c.userId, first: Date.parse(c.purchasedAt) - shift, amount: c.amount }))
  const products = ((await client.admin('GET', '/products?limit=500')).items as { id: number; price: number }[]).map((p) => ({ id: p.id, price: Number(p.price) }))
  const runId = `${options.seed.toString(36)}${Date.now().toString(36)}`
  const { orders, notYetDue } = planRepurchases(seededRandom(options.seed).fork('ltv'), customers, products, runId, options.neverReturnShare ?? 0.45)
  say(`ltv: ${customers.length} customers of activity ${options.activityId} (moved ${Math.round(shift / day)} days back); importing ${orders.length} repurchases`)

  const answer = { stored: 0, duplicates: 0, rejected: [] as unknown[] }
  const rejectedIds = new Set<string>()
  for (let start = 0; start < orders.length; start += ordersPerRequest) {
    const batch = orders.slice(start, start + ordersPerRequest)
    const result = await client.admin('POST', '/orders', { orders: batch })
    answer.stored += result.stored
    answer.duplicates += result.duplicates
    for (const r of result.rejected as { index: number }[]) rejectedIds.add(batch[r.index]!.orderId)
    answer.rejected.push(...result.rejected)
    say(`ltv: ${Math.min(start + ordersPerRequest, orders.length)}/${orders.length} orders sent`)
  }

  const campaign = await client.admin('GET', `/campaigns/${activity.campaignId}`)
  const siblings = (await client.admin('GET', `/campaigns/${activity.campaignId}/activities`)).items as { id: number; budget?: number | null }[]
  const cost = acquisitionCost(options.activityId, Number(campaign.budget), siblings.map((a) => ({ id: a.id, budget: a.budget === undefined || a.budget === null ? null : Number(a.budget) })))
  const purchases: CohortPurchase[] = [
    ...customers.map((c) => ({ userId: c.userId, at: c.first, amount: c.amount })),
    ...orders.filter((o) => !rejectedIds.has(o.orderId)).map((o) => ({ userId: o.userId, at: Date.parse(o.purchasedAt), amount: o.price * o.quantity })),
  ]
  const firsts = customers.map((c) => c.first)
  return {
    simulation: 'ltv' as const,
    seed: options.seed,
    activityId: options.activityId,
    shiftedDays: Math.round(shift / day),
    orders: { planned: orders.length + notYetDue, sent: orders.length, notYetDue, ...answer },
    cohort: {
      cohortId: `activity-${options.activityId}`,
      // date-only, as the cohort API reads it: whole UTC days (a shop day in Seoul starts at 15:00 UTC the day before)
      cohortStartDate: firsts.length ? utcDay(Math.min(...firsts)) : null,
      cohortEndDate: firsts.length ? utcDay(Math.max(...firsts)) : null,
      ...cohortNumbers(customers, purchases, cost),
    },
  }
}
