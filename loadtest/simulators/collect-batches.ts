/**
 * Tracker events to /collect in batches, a share of the batches sent a second time with the same
 * event ids (what a tracker does when an answer is lost), so the ground truth holds only if the
 * platform counts each event once.
 */
import type { BehaviorEvent } from '../../common/schemas/behavior-event'
import { inLanes, type PlatformClient } from './platform-client'
import type { Random } from './random'

export interface BatchTally {
  batches: number
  resentBatches: number
  eventsSent: number
}

export function batchSender(client: PlatformClient, random: Random, settings: { batchEvents: number; resendShare: number; lanes: number }) {
  const tally: BatchTally = { batches: 0, resentBatches: 0, eventsSent: 0 }
  return {
    tally,
    async send(events: readonly BehaviorEvent[], progress: (done: number, of: number) => void) {
      const batches: BehaviorEvent[][] = []
      for (let start = 0; start < events.length; start += settings.batchEvents) batches.push(events.slice(start, start + settings.batchEvents))
      const resend = new Set(
        batches
          .map((_, i) => ({ i, key: random.next() }))
          .sort((a, b) => a.key - b.key)
          .slice(0, Math.round(batches.length * settings.resendShare))
          .map(({ i }) => i),
      )
      const deliveries = batches.flatMap((batch, i) => (resend.has(i) ? [batch, batch] : [batch]))
      let done = 0
      await inLanes(deliveries, settings.lanes, async (batch) => {
        const answer = await client.collect(batch)
        if (answer.rejected.length) throw new Error(`/collect rejected simulated events: ${JSON.stringify(answer.rejected.slice(0, 3))}`)
        if (++done % 20 === 0 || done === deliveries.length) progress(done, deliveries.length)
      })
      tally.batches += deliveries.length
      tally.resentBatches += resend.size
      tally.eventsSent += deliveries.reduce((sum, b) => sum + b.length, 0)
    },
  }
}
