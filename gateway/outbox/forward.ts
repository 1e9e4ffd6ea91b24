/**
 * Forwarding a Redis stream to another bus. confirm.lua must record a confirmed payment in the same
 * atomic step as the hold it consumes, so it appends the command to a Redis stream, the outbox;
 * with AXON_BUS=kafka the gateway forwards that stream to the Kafka command topic.
 *
 * The forwarder is a consumer group on the stream whose handler publishes the batch, key, value
 * and headers unchanged. An entry is acknowledged only after the publish resolved: a publish that
 * throws is "dependency unavailable", so the batch is retried in place with backoff and never
 * dead-lettered. At-least-once: a crash between publish and acknowledgement publishes the batch
 * again, and command consumers dedupe on commandId.
 */
import { redisUrl } from '../../common/clients/redis'
import type { Logger } from '../../common/log'
import { commandOutbox, groups, topics } from '../../common/topics'
import { ok, type Bus, type Subscription } from '../../common/bus/port'
import { createRedisStreamsBus } from '../../common/bus/redis-streams'

export interface ForwardOptions {
  /** the Redis Streams bus holding the stream */
  source: Bus
  target: Bus
  fromTopic: string
  toTopic: string
  group: string
  /** unique per forwarding process */
  consumer: string
  batchSize?: number
}

export function forwardStream({ source, target, fromTopic, toTopic, group, consumer, batchSize }: ForwardOptions): Promise<Subscription> {
  return source.subscribe({
    topic: fromTopic,
    group,
    consumer,
    batchSize,
    handler: async (batch) => {
      await target.publish(toTopic, batch.map(({ key, value, headers }) => ({ key, value, headers })))
      return batch.map(() => ok)
    },
  })
}

/** The gateway's command outbox to the Kafka command topic; stop() also closes the Redis source. */
export async function forwardCommandOutbox({ target, consumer, log }: { target: Bus; consumer: string; log: Logger }): Promise<Subscription> {
  if (target.kind !== 'kafka') throw new Error('on the Redis bus the command outbox is the command topic itself: nothing to forward')
  const source = createRedisStreamsBus(redisUrl(), log.child({ part: 'command-outbox-forwarder' }))
  const subscription = await forwardStream({
    source,
    target,
    fromTopic: commandOutbox(target.kind),
    toTopic: topics.campaignActivityCommand,
    group: groups.commandOutboxForwarder,
    consumer,
  }).catch(async (error) => {
    await source.close()
    throw error
  })
  return {
    async stop() {
      await subscription.stop()
      await source.close()
    },
  }
}
