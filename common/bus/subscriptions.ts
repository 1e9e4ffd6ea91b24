/** What both adapters share about subscriptions. */
import type { Subscription } from './port'

/** Longest wait of one poll when SubscribeOptions.blockMs is not given; stop() cuts it short. */
export const defaultBlockMs = 2000

/** The subscriptions a bus has open, so that close() can stop whichever are still running. */
export function openSubscriptions() {
  const open = new Set<Subscription>()
  return {
    async add(starting: Promise<Subscription>): Promise<Subscription> {
      const subscription = await starting
      open.add(subscription)
      return {
        stop: async () => {
          open.delete(subscription)
          await subscription.stop()
        },
      }
    },
    async stopAll() {
      const all = [...open]
      open.clear()
      await Promise.all(all.map((s) => s.stop()))
    },
  }
}
