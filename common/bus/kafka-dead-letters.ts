/**
 * Dead letters on Kafka: the messages of the `<topic>_dlq` topic. Kafka cannot delete a message,
 * so a replay publishes the letters back onto the topic, then one marker per letter to the
 * dead-letter topic (empty value, header x-axon-dlq-replayed = the letter's id); the list leaves
 * out markers and the letters they mark. A crash between the two sends leaves a letter listed, and
 * a second replay of it (or two replays at once) publishes it twice: the consumers' idempotency on
 * their message's id absorbs the copy, as it does any redelivery.
 */
import { randomUUID } from 'node:crypto'
import type { Admin, Kafka } from 'kafkajs'
import { dlqTopic } from '../topics'
import { chooseDeadLetters, originalMessage, readDeadLetter } from './dead-letters'
import { toIncoming } from './kafka-consumer'
import type { IncomingMessage, OutgoingMessage, ReplayResult, StoredDeadLetter } from './port'

const replayedHeader = 'x-axon-dlq-replayed'
const readTimeoutMs = 60_000

interface DeadLetterContext {
  kafka: Kafka
  admin: () => Promise<Admin>
  publish: (topic: string, messages: readonly OutgoingMessage[]) => Promise<void>
}

/** The last offset of each partition holding messages now, or none for a topic never published to. */
async function lastOffsets(admin: Admin, topic: string): Promise<Map<number, bigint>> {
  try {
    const ends = await admin.fetchTopicOffsets(topic)
    return new Map(ends.filter((p) => BigInt(p.high) > BigInt(p.low)).map((p) => [p.partition, BigInt(p.high) - 1n]))
  } catch (error) {
    if ((error as { type?: string }).type === 'UNKNOWN_TOPIC_OR_PARTITION') return new Map()
    throw error
  }
}

/**
 * Every message of `topic` up to its end as of the call. kafkajs assigns partitions only through a
 * consumer group, so this joins a group of its own, commits nothing, and deletes the group after.
 */
async function readToEnd(kafka: Kafka, admin: Admin, topic: string): Promise<IncomingMessage[]> {
  const remaining = await lastOffsets(admin, topic)
  if (remaining.size === 0) return []
  const groupId = `axon-dlq-reader-${randomUUID()}`
  const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 100, allowAutoTopicCreation: false })
  const messages: IncomingMessage[] = []
  let timer: ReturnType<typeof setTimeout> | undefined
  try {
    await consumer.connect()
    await consumer.subscribe({ topic, fromBeginning: true })
    await new Promise<void>((resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`reading ${topic} took longer than ${readTimeoutMs} ms`)), readTimeoutMs)
      consumer
        .run({
          autoCommit: false,
          eachBatch: async ({ batch }) => {
            const last = remaining.get(batch.partition)
            if (last === undefined) return
            for (const message of batch.messages) if (BigInt(message.offset) <= last) messages.push(toIncoming(batch, message))
            if (batch.messages.some((m) => BigInt(m.offset) >= last)) remaining.delete(batch.partition)
            if (remaining.size === 0) resolve()
          },
        })
        .catch(reject)
    })
  } finally {
    clearTimeout(timer)
    await consumer.disconnect()
    await admin.deleteGroups([groupId]).catch(() => {})
  }
  return messages
}

export async function listDeadLetters({ kafka, admin }: DeadLetterContext, topic: string): Promise<StoredDeadLetter[]> {
  const messages = await readToEnd(kafka, await admin(), dlqTopic(topic))
  const replayed = new Set(messages.flatMap((m) => m.headers[replayedHeader] ?? []))
  const letters = messages.filter((m) => m.headers[replayedHeader] === undefined && !replayed.has(m.id))
  return letters.map((m) => readDeadLetter(topic, m)).sort((a, b) => a.time.localeCompare(b.time))
}

export async function replayDeadLetters(context: DeadLetterContext, topic: string, ids: readonly string[] | 'all'): Promise<ReplayResult> {
  const { chosen, notFound } = chooseDeadLetters(await listDeadLetters(context, topic), ids)
  await context.publish(topic, chosen.map(originalMessage))
  await context.publish(dlqTopic(topic), chosen.map((letter) => ({ key: letter.id, value: '', headers: { [replayedHeader]: letter.id } })))
  return { replayed: chosen.map((l) => l.id), notFound }
}
