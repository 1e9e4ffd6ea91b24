/**
 * One Kafka subscription: a kafkajs consumer in the group, `eachBatch` with auto-commit and
 * auto-resolve off. A fetched batch is handed to the handler in chunks of batchSize; dead letters
 * are produced to `<topic>_dlq` (acks=-1) before the offset moves past them, and the offset is
 * committed only up to the last message whose outcome is durable.
 *
 * Kafka has no per-message acknowledgement, so a `retry` cannot be left behind the way Redis
 * leaves an entry pending: retries are offered again in-process with backoff, after the rest of
 * the batch, and dead-lettered at maxDeliveries. A restarted consumer counts deliveries from 1
 * again (Kafka keeps no count), so a message that crashes its consumer every time is not caught
 * here as it is on Redis. The session timeout is reclaimIdleMs (at least 6 s): a consumer silent
 * that long loses its partitions, and their uncommitted messages, to the rest of the group.
 */
import type { Batch, Consumer, EachBatchPayload, IHeaders, Kafka, KafkaMessage } from 'kafkajs'
import { config } from '../config'
import type { Logger } from '../log'
import { dlqTopic } from '../topics'
import { backoffMs, holdFor, persist, sleep, type Holding } from './backoff'
import { deadLetterHeaders, sortOutcomes, type DeadLetter } from './outcomes'
import type { IncomingMessage, OutgoingMessage, SubscribeOptions, Subscription } from './port'
import { defaultBlockMs } from './subscriptions'

/**
 * Brokers reject session timeouts below group.min.session.timeout.ms (6 s by default), and
 * librdkafka's mock cluster drops a member whose session is shorter than its 3 s initial
 * rebalance delay without ever answering its JoinGroup (kafkajs then waits 65 s).
 */
const shortestSessionMs = 6000

interface ConsumeContext {
  kafka: Kafka
  options: SubscribeOptions
  publish: (topic: string, messages: readonly OutgoingMessage[]) => Promise<void>
  log: Logger
}

/**
 * kafkajs restarts a crashed consumer only when the error was retriable; after a non-retriable one
 * (e.g. INVALID_REQUEST from a broker mid-rebalance) it leaves the consumer disconnected, and the
 * process would stop consuming the topic while looking healthy. So on such a crash we start a
 * fresh consumer of the same group, topic and handler, with backoff (never reset: a consumer that
 * keeps crashing settles at one attempt every few seconds, each logged). What the crashed consumer
 * had not committed is handed out again, which at-least-once delivery allows.
 */
export async function consumeTopic(context: ConsumeContext): Promise<Subscription> {
  const { kafka, options, log } = context
  const sessionTimeout = Math.max(shortestSessionMs, options.reclaimIdleMs ?? config.busReclaimIdleMs)
  const heartbeatInterval = Math.max(100, Math.min(3000, Math.floor(sessionTimeout / 3)))
  const stopping = new AbortController()
  const partition = new PartitionBatch(context, stopping.signal, heartbeatInterval)
  let current: Consumer
  let restarts = 0
  // restarts run one after another: a consumer may crash while a restart is still starting it
  let restarting = Promise.resolve()

  async function start() {
    const consumer = (current = kafka.consumer({
      groupId: options.group,
      sessionTimeout,
      heartbeatInterval,
      maxWaitTimeInMs: options.blockMs ?? defaultBlockMs,
      allowAutoTopicCreation: true,
    }))
    consumer.on(consumer.events.CRASH, ({ payload: { error, restart } }) => {
      if (restart || stopping.signal.aborted) log.error('kafka consumer crashed', { error, restart })
      else restarting = restarting.then(() => restartAfterCrash(consumer, error))
    })
    try {
      await consumer.connect()
      // fromBeginning: a new group reads what was published before it existed, like XGROUP CREATE … 0
      await consumer.subscribe({ topic: options.topic, fromBeginning: true })
      await consumer.run({ autoCommit: false, eachBatchAutoResolve: false, eachBatch: (payload) => partition.handle(payload) })
    } catch (error) {
      await consumer.disconnect().catch(() => {})
      throw error
    }
  }

  async function restartAfterCrash(crashed: Consumer, error: unknown) {
    // kafkajs has disconnected it before reporting the crash; this only makes sure
    await crashed.disconnect().catch(() => {})
    while (!stopping.signal.aborted) {
      const delayMs = backoffMs(restarts++)
      log.warn('kafka consumer crashed and kafkajs will not restart it; starting a new one', { error, restarts, delayMs })
      await sleep(delayMs, stopping.signal)
      if (stopping.signal.aborted) return
      try {
        return await start()
      } catch (failure) {
        error = failure
      }
    }
  }

  await start()
  return {
    async stop() {
      stopping.abort()
      // a restart in its backoff gives up at once; one already starting a consumer finishes first
      await restarting
      // waits for the batch in hand (which stops after its current chunk) and leaves the group
      await current.disconnect()
    },
  }
}

const offsetOf = (message: IncomingMessage) => BigInt(message.id.slice(message.id.indexOf(':') + 1))

function headerText(value: IHeaders[string]): string | undefined {
  const last = Array.isArray(value) ? value.at(-1) : value
  return last === undefined ? undefined : last.toString()
}

/** A kafkajs message as the port hands it out; its id is `partition:offset`. */
export function toIncoming(batch: Pick<Batch, 'topic' | 'partition'>, message: KafkaMessage): IncomingMessage {
  const headers: Record<string, string> = {}
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    const text = headerText(value)
    if (text !== undefined) headers[name] = text
  }
  return {
    id: `${batch.partition}:${message.offset}`,
    topic: batch.topic,
    key: message.key?.toString(),
    value: message.value?.toString() ?? '',
    headers,
    deliveryCount: 1,
  }
}

class PartitionBatch {
  private readonly batchSize: number
  private readonly maxDeliveries: number

  constructor(
    private readonly context: ConsumeContext,
    private readonly stopping: AbortSignal,
    private readonly heartbeatEveryMs: number,
  ) {
    this.batchSize = context.options.batchSize ?? config.busBatchSize
    this.maxDeliveries = context.options.maxDeliveries ?? config.busMaxDeliveries
  }

  async handle(payload: EachBatchPayload) {
    const { batch, heartbeat, isStale } = payload
    const holding: Holding = { signal: this.stopping, keepAlive: heartbeat, keepAliveEveryMs: this.heartbeatEveryMs }
    const messages = batch.messages.map((m) => toIncoming(batch, m))
    let retries: IncomingMessage[] = []
    let handled = 0
    while (handled < messages.length && !this.stopping.aborted && !isStale()) {
      const chunk = messages.slice(handled, handled + this.batchSize)
      const left = await this.settle(chunk, holding)
      if (left === undefined) break
      handled += chunk.length
      retries.push(...left)
      if (retries.length === 0) await this.commitThrough(payload, chunk.at(-1)!)
      await heartbeat()
    }
    retries = await this.retryInProcess(retries, holding)
    const done = messages.slice(0, handled)
    // with retries unresolved (stopped meanwhile) the group resumes at the first of them
    const firstUnresolved = retries.reduce<bigint | undefined>((min, m) => (min === undefined || offsetOf(m) < min ? offsetOf(m) : min), undefined)
    const last = firstUnresolved === undefined ? done.at(-1) : done.filter((m) => offsetOf(m) < firstUnresolved).at(-1)
    if (last) await this.commitThrough(payload, last)
  }

  /** Offers messages to the handler and dead-letters what it gives up on; returns the retries. */
  private async settle(messages: IncomingMessage[], holding: Holding): Promise<IncomingMessage[] | undefined> {
    const { handler } = this.context.options
    const outcomes = await persist(() => handler(messages), 'handler (dependency unavailable?)', holding, this.context.log)
    if (outcomes === undefined) return undefined
    const sorted = sortOutcomes(messages, outcomes, this.maxDeliveries)
    const written = await persist(() => this.deadLetter(sorted.deadLetters), 'dead-lettering', holding, this.context.log)
    return written === undefined ? undefined : sorted.retries
  }

  private async retryInProcess(retries: IncomingMessage[], holding: Holding): Promise<IncomingMessage[]> {
    for (let round = 1; retries.length > 0 && !this.stopping.aborted; round++) {
      await holdFor(backoffMs(round), holding)
      if (this.stopping.aborted) break
      const again = retries.map((m) => ({ ...m, deliveryCount: m.deliveryCount + 1 }))
      const left = await this.settle(again, holding)
      if (left === undefined) break
      retries = left
    }
    return retries
  }

  private async deadLetter(letters: DeadLetter[]): Promise<true> {
    if (letters.length > 0) {
      const { topic } = this.context.options
      const messages = letters.map((letter) => ({ key: letter.message.key, value: letter.message.value, headers: deadLetterHeaders(letter) }))
      await this.context.publish(dlqTopic(topic), messages)
    }
    return true
  }

  private async commitThrough({ resolveOffset, commitOffsetsIfNecessary, uncommittedOffsets }: EachBatchPayload, message: IncomingMessage) {
    resolveOffset(String(offsetOf(message)))
    await commitOffsetsIfNecessary(uncommittedOffsets())
  }
}
