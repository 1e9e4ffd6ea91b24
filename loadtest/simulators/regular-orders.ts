/**
 * The shop's regular (non-promotion) orders of some products over the last days, through core's
 * order intake: what a campaign's promotion purchases are compared with, day by day and against
 * the 28 days before it. Answers them per shop day and product, as the comparison must count them.
 */
import { shopDay } from './funnel-math'
import type { PlatformClient } from './platform-client'
import { seededRandom } from './random'

const day = 86_400_000

export async function importRegularOrders(
  client: PlatformClient,
  options: { productIds: readonly number[]; days: number; perDay: number; firstUserId: number; seed: number; shopTimeZone: string; progress: (line: string) => void },
) {
  const random = seededRandom(options.seed).fork('regular-orders')
  const prices = new Map<number, number>()
  for (const id of options.productIds) prices.set(id, Number((await client.admin('GET', `/products/${id}`)).price))
  const runId = `${options.seed.toString(36)}${Date.now().toString(36)}`
  const now = Date.now()
  const orders = Array.from({ length: options.days * options.perDay }, (_, n) => {
    const productId = random.pick(options.productIds)
    return {
      orderId: `regular-${runId}-${n}`,
      userId: options.firstUserId + random.int(0, options.days * options.perDay),
      productId,
      price: prices.get(productId)!,
      quantity: 1,
      // spread over the days before now, never in the last minute (the intake refuses the future)
      purchasedAt: new Date(now - 60_000 - random.int(0, options.days * day - 120_000)).toISOString(),
    }
  })
  options.progress(`regular orders: importing ${orders.length} orders of products ${options.productIds.join(', ')} over ${options.days} days`)
  let stored = 0
  for (let start = 0; start < orders.length; start += 1000) stored += (await client.admin('POST', '/orders', { orders: orders.slice(start, start + 1000) })).stored
  const days = new Map<string, { normalPurchases: number; normalRevenue: number }>()
  for (const o of orders) {
    const date = shopDay(Date.parse(o.purchasedAt), options.shopTimeZone)
    const d = days.get(date) ?? { normalPurchases: 0, normalRevenue: 0 }
    d.normalPurchases++
    d.normalRevenue += o.price * o.quantity
    days.set(date, d)
  }
  return { stored, days: [...days.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([date, d]) => ({ date, ...d })) }
}
