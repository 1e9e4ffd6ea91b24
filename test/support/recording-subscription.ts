/** A bus subscription for tests that records every message it is handed and answers each one. */
import { randomUUID } from 'node:crypto'
import type { Bus, IncomingMessage, Outcome, SubscribeOptions } from '../../common/bus/port'
import { ok } from '../../common/bus/port'

export type Answer = (message: IncomingMessage) => Outcome

export async function recordingSubscription(
  bus: Bus,
  { answer = () => ok, ...options }: Omit<SubscribeOptions, 'handler' | 'group' | 'consumer'> & Partial<SubscribeOptions> & { answer?: Answer },
) {
  const handed: IncomingMessage[] = []
  const subscription = await bus.subscribe({
    group: `test-reader-${randomUUID()}`,
    consumer: 'reader',
    blockMs: 100,
    handler: async (batch) => {
      handed.push(...batch)
      return batch.map(answer)
    },
    ...options,
  })
  return { handed, stop: () => subscription.stop() }
}
