/**
 * The /collect bodies wrk rotates through (rotate-bodies.lua): what a storefront's tracker posts,
 * batches of 20–50 events of shoppers on a campaign's activities, one JSON body per line.
 */
import { shopperEvent } from '../generators/shopper-events'

export interface BodiesPlan {
  bodies: number
  minEvents: number
  maxEvents: number
  activityIds: number[]
  campaignId: number
}

/** Writes the file; returns how many events it holds and its mean body size. */
export async function writeCollectBodies(path: string, plan: BodiesPlan): Promise<{ events: number; meanBytes: number }> {
  const shoppers = plan.bodies * 5
  const lines: string[] = []
  let events = 0
  for (let i = 0; i < plan.bodies; i++) {
    const size = plan.minEvents + Math.floor(Math.random() * (plan.maxEvents - plan.minEvents + 1))
    events += size
    lines.push(JSON.stringify({ events: Array.from({ length: size }, () => shopperEvent(plan, shoppers)) }))
  }
  const text = lines.join('\n') + '\n'
  await Bun.write(path, text)
  return { events, meanBytes: Math.round(text.length / plan.bodies) }
}
