/**
 * The embedded bus: Redis Streams with consumer groups. A topic is a stream key; a message is an
 * entry (see redis-stream-entries.ts). Publishing is one MULTI per call (one round trip, all or
 * nothing); each subscription owns a blocking connection for XREADGROUP BLOCK and shares the
 * bus's command connection for acknowledgements, claims and dead letters.
 */
import { createRedis, type Redis } from '../clients/redis'
import type { Logger } from '../log'
import type { Bus, OutgoingMessage, SubscribeOptions } from './port'
import { entryFields, execAll } from './redis-stream-entries'
import { consumeStream } from './redis-stream-consumer'
import { streamBacklog } from './redis-stream-backlog'
import { deadLetterReplayer, listDeadLetters } from './redis-stream-dead-letters'
import { openSubscriptions } from './subscriptions'

export type RedisFactory = (options: { name: string; blocking?: boolean }) => Redis

export function createRedisStreamsBus(redis: RedisFactory | string, log: Logger): Bus {
  const connect: RedisFactory = typeof redis === 'string' ? (options) => createRedis({ ...options, url: redis }) : redis
  const commands = connect({ name: 'bus' })
  const subscriptions = openSubscriptions()
  const replayDeadLetters = deadLetterReplayer(commands)

  return {
    kind: 'redis',

    async publish(topic: string, messages: readonly OutgoingMessage[]) {
      if (messages.length === 0) return
      const transaction = commands.multi()
      for (const message of messages) transaction.xadd(topic, '*', ...entryFields(message))
      await execAll(transaction, `publishing to ${topic}`)
    },

    subscribe: (options: SubscribeOptions) =>
      subscriptions.add(consumeStream({ options, commands, connect, log: log.child({ topic: options.topic, group: options.group }) })),

    backlog: (topic: string, group: string) => streamBacklog(commands, topic, group),

    deadLetters: (topic: string) => listDeadLetters(commands, topic),
    replayDeadLetters,

    async close() {
      await subscriptions.stopAll()
      await commands.quit().catch(() => commands.disconnect())
    },
  }
}
