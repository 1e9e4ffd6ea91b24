/**
 * The scale-out bus: Apache Kafka through kafkajs. One producer per bus (connected on first use)
 * publishes and dead-letters; each subscription is a kafkajs consumer in its group (see
 * kafka-consumer.ts for how outcomes become offset commits).
 */
import { Partitioners, type Message } from 'kafkajs'
import { createKafka } from '../clients/kafka'
import type { Logger } from '../log'
import { topicBacklog } from './kafka-backlog'
import { consumeTopic } from './kafka-consumer'
import { listDeadLetters, replayDeadLetters } from './kafka-dead-letters'
import type { Bus, OutgoingMessage, SubscribeOptions } from './port'
import { openSubscriptions } from './subscriptions'

export interface KafkaBusOptions {
  brokers: string[]
  clientId: string
}

const toKafkaMessage = ({ key, value, headers }: OutgoingMessage): Message => ({ key, value, headers })

/**
 * A kafkajs client connected when first needed, once however many callers ask at the same time; a
 * failed connect is tried again by the next caller. disconnect() only if it was ever connected.
 */
function connectOnFirstUse(client: { connect(): Promise<void>; disconnect(): Promise<void> }) {
  let connecting: Promise<void> | undefined
  return {
    connected: () =>
      (connecting ??= client.connect().catch((error) => {
        connecting = undefined
        throw error
      })),
    disconnect: async () => {
      if (connecting) await client.disconnect()
    },
  }
}

export function createKafkaBus({ brokers, clientId }: KafkaBusOptions, log: Logger): Bus {
  const kafka = createKafka({ brokers, clientId, log })
  // Not idempotent: librdkafka's mock cluster, the Kafka peer our tests run against, fails the
  // idempotent producer's InitProducerId ("Broker 0 not found"). Delivery is at-least-once
  // anyway and every consumer dedupes on its message's id; acks=-1 still waits for every
  // in-sync replica. The partitioner is named so kafkajs does not warn about its v2 default.
  const producer = kafka.producer({ idempotent: false, allowAutoTopicCreation: true, createPartitioner: Partitioners.DefaultPartitioner })
  const producerConnection = connectOnFirstUse(producer)
  const subscriptions = openSubscriptions()
  const admin = kafka.admin()
  const adminConnection = connectOnFirstUse(admin)

  async function publish(topic: string, messages: readonly OutgoingMessage[]) {
    if (messages.length === 0) return
    await producerConnection.connected()
    await producer.send({ topic, acks: -1, messages: messages.map(toKafkaMessage) })
  }

  const connectedAdmin = async () => {
    await adminConnection.connected()
    return admin
  }
  const deadLetterContext = { kafka, publish, admin: connectedAdmin }

  return {
    kind: 'kafka',
    publish,

    subscribe: (options: SubscribeOptions) =>
      subscriptions.add(consumeTopic({ kafka, options, publish, log: log.child({ topic: options.topic, group: options.group }) })),

    backlog: async (topic: string, group: string) => topicBacklog(await connectedAdmin(), topic, group),

    deadLetters: (topic: string) => listDeadLetters(deadLetterContext, topic),
    replayDeadLetters: (topic: string, ids: readonly string[] | 'all') => replayDeadLetters(deadLetterContext, topic, ids),

    async close() {
      await subscriptions.stopAll()
      await Promise.all([producerConnection.disconnect(), adminConnection.disconnect()])
    },
  }
}
