/**
 * `full-funnel`: all of it, as the seeds' generate-full-funnel did — a journey on the live
 * activities named, the shop's regular orders of their products over the last month, and a
 * finished campaign of a year ago (a journey on a new activity, moved `days` into the past, then
 * its cohort's repurchases) — so every dashboard, the comparison and the cohort have numbers.
 */
import { simulateJourney, type JourneyOptions } from './journey'
import { simulateLtv } from './ltv'
import type { PlatformClient } from './platform-client'
import { importRegularOrders } from './regular-orders'
import { simulateTimeTravel } from './time-travel'

/** full-funnel's finished campaigns are named so; `./axon up` looks for one to load demo traffic once */
export const historyCampaignPrefix = 'Simulated history'

export interface FullFunnelOptions extends Pick<JourneyOptions, 'visitors' | 'seed' | 'holdTtlSeconds' | 'shopTimeZone' | 'progress'> {
  /** live activities to run a journey on (none: only the history) */
  activityIds: readonly number[]
  days: number
  env: string
}

async function historyActivity(client: PlatformClient, seed: number, visitors: number) {
  const products = (await client.admin('GET', '/products?limit=1')).items as { id: number; price: number }[]
  const product = products[0] ?? (await client.admin('POST', '/products', { name: 'Simulated product', price: 50_000 }))
  const campaign = await client.admin('POST', '/campaigns', { name: `${historyCampaignPrefix} (seed ${seed})`, description: 'made by ./axon simulate full-funnel', budget: 3_000_000 })
  return client.admin('POST', `/campaigns/${campaign.id}/activities`, {
    name: `Last year's FCFS deal (seed ${seed})`,
    productId: product.id,
    price: Math.round(Number(product.price) * 0.6),
    limit: Math.max(50, Math.ceil(visitors / 4)),
    startsAt: new Date(Date.now() - 60_000).toISOString(),
    endsAt: new Date(Date.now() + 86_400_000).toISOString(),
    status: 'ACTIVE',
  })
}

export async function simulateFullFunnel(client: PlatformClient, options: FullFunnelOptions) {
  const say = options.progress
  const journey = (activityIds: readonly number[], seed: number, holdOutcomes: JourneyOptions['holdOutcomes']) =>
    simulateJourney(client, { ...options, activityIds, seed, holdOutcomes, resendShare: 0.05, waitForExpiry: false })
  const result: Record<string, unknown> = { simulation: 'full-funnel', seed: options.seed }

  // live numbers first: they need only the reservation path and /collect
  const live = options.activityIds.length ? await journey(options.activityIds, options.seed * 3 + 2, { pay: 0.7, cancel: 0.15 }) : null
  result.live = live
  const productIds = live ? [...new Set(live.activities.map((a) => a.productId))] : []
  if (productIds.length)
    result.regularOrders = await importRegularOrders(client, {
      productIds, days: 30, perDay: 6, firstUserId: 3_000_000 + options.seed * 100_000, seed: options.seed, shopTimeZone: options.shopTimeZone, progress: say,
    })

  const past = await historyActivity(client, options.seed, options.visitors)
  say(`full-funnel: history activity ${past.id} (campaign ${past.campaignId})`)
  const history: Record<string, unknown> = { activityId: past.id, campaignId: past.campaignId }
  result.history = history
  // nobody leaves a hold to lapse here: the activity moves into the past right after
  const pastJourney = await journey([past.id], options.seed * 3 + 1, { pay: 0.85, cancel: 0.15 })
  history.journey = pastJourney
  history.timeTravel = await simulateTimeTravel(client, { activityId: past.id, days: options.days, env: options.env, progress: say })
  history.ltv = await simulateLtv(client, { activityId: past.id, journey: pastJourney, seed: options.seed, shopTimeZone: options.shopTimeZone, progress: say })
  return result
}
