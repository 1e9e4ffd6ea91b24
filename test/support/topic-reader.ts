/** Reads everything published to a topic, through the bus port, in a consumer group of its own. */
import { randomUUID } from 'node:crypto'
import type { Bus, IncomingMessage } from '../../common/bus/port'
import { ok } from '../../common/bus/port'

export async function readTopic(bus: Bus, topic: string) {
  const messages: IncomingMessage[] = []
  const subscription = await bus.subscribe({
    topic,
    group: `test-reader-${randomUUID()}`,
    consumer: 'reader',
    blockMs: 50,
    handler: async (batch) => {
      messages.push(...batch)
      return batch.map(() => ok)
    },
  })
  return { messages, stop: () => subscription.stop() }
}
