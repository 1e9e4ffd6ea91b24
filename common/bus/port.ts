/**
 * The bus port. Two real adapters implement it: Redis Streams with consumer groups (the embedded
 * default) and Kafka (kafkajs). One contract test suite runs against each.
 *
 * Delivery is at-least-once: a message is acknowledged (XACK / offset commit) only after the
 * handler has returned an outcome for it, so consumers must be idempotent on their message's id.
 */

export interface OutgoingMessage {
  /** partitioning / ordering key (Kafka key; kept as a field on Redis Streams) */
  key?: string
  value: string
  headers?: Record<string, string>
}

export interface IncomingMessage {
  /** broker position: the stream entry id, or `partition:offset` on Kafka */
  id: string
  topic: string
  key?: string
  value: string
  headers: Record<string, string>
  /** 1 on first delivery; grows each time the message is handed out again */
  deliveryCount: number
}

/**
 * What the handler decided for one message (PostHog's ingestion pipeline style):
 * - ok: done, acknowledge.
 * - drop: intentionally ignored (e.g. already applied), acknowledge.
 * - dlq: will never succeed; copy to `<topic>_dlq` with its original bytes plus reason headers, acknowledge.
 * - retry: failed this time; redeliver later, and dead-letter once `maxDeliveries` is reached.
 */
export type Outcome =
  | { kind: 'ok' }
  | { kind: 'drop'; reason: string }
  | { kind: 'dlq'; reason: string; step?: string }
  | { kind: 'retry'; reason: string; step?: string }

export const ok: Outcome = { kind: 'ok' }
export const drop = (reason: string): Outcome => ({ kind: 'drop', reason })
export const dlq = (reason: string, step?: string): Outcome => ({ kind: 'dlq', reason, step })
export const retry = (reason: string, step?: string): Outcome => ({ kind: 'retry', reason, step })

/**
 * Handles one batch and returns one outcome per message, in order. Throwing means "a dependency is
 * unavailable": the whole batch is retried in place with backoff and does not count toward
 * dead-lettering (a database outage must not dead-letter good messages).
 */
export type BatchHandler = (messages: IncomingMessage[]) => Promise<Outcome[]>

export interface SubscribeOptions {
  topic: string
  group: string
  /** unique per consumer instance (process + thread) */
  consumer: string
  handler: BatchHandler
  /** most messages handed to one handler call */
  batchSize?: number
  /** deliveries after which a message that keeps failing goes to the DLQ */
  maxDeliveries?: number
  /** how long a message may sit unacknowledged before another consumer reclaims it */
  reclaimIdleMs?: number
  /** longest wait for new messages in one poll */
  blockMs?: number
}

export interface Subscription {
  /** stops fetching, lets the batch in hand finish and acknowledge, then resolves */
  stop(): Promise<void>
}

/** Headers added to a dead-lettered message; the original key, value and headers are kept. */
export const dlqHeaders = {
  reason: 'x-axon-dlq-reason',
  step: 'x-axon-dlq-step',
  time: 'x-axon-dlq-time',
  deliveries: 'x-axon-dlq-deliveries',
  sourceTopic: 'x-axon-dlq-source-topic',
  sourceId: 'x-axon-dlq-source-id',
} as const

/** A message the bus gave up on, as `./axon dlq` lists and replays it. */
export interface StoredDeadLetter {
  /** its position in `<topic>_dlq`: the stream entry id, or `partition:offset` on Kafka */
  id: string
  /** the topic it was consumed from, and is replayed onto */
  topic: string
  key?: string
  value: string
  /** its own headers, without the dlq ones */
  headers: Record<string, string>
  reason: string
  step: string
  /** when it was dead-lettered, ISO-8601 */
  time: string
  /** times it was handed to a handler */
  deliveries: number
  /** its position in `topic` when it was given up */
  sourceId: string
}

export interface ReplayResult {
  /** dead-letter ids replayed, in the order they were published back */
  replayed: string[]
  /** ids asked for that are not dead letters of the topic (unknown, or replayed already) */
  notFound: string[]
}

export interface Bus {
  readonly kind: 'redis' | 'kafka'
  publish(topic: string, messages: readonly OutgoingMessage[]): Promise<void>
  subscribe(options: SubscribeOptions): Promise<Subscription>
  /**
   * Messages of `topic` the group has not acknowledged yet: not handed out yet, or handed out and
   * not acknowledged. 0 for a topic nothing was published to. Read for the consumer-lag gauge.
   */
  backlog(topic: string, group: string): Promise<number>
  /** The dead letters of `topic` (kept in `<topic>_dlq`) not replayed yet, oldest first. */
  deadLetters(topic: string): Promise<StoredDeadLetter[]>
  /**
   * Publishes dead letters of `topic` back onto it, each with its original key, value and headers,
   * and takes it off the list so that it is replayed once. `ids` names them; 'all' takes every one
   * listed. Delivery stays at-least-once (see each adapter for when a replay can repeat).
   */
  replayDeadLetters(topic: string, ids: readonly string[] | 'all'): Promise<ReplayResult>
  /** stops every subscription and releases connections */
  close(): Promise<void>
}
