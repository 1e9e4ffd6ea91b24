/**
 * The behaviour sink: consumes `axon.event.raw` in batches and writes each batch to the behaviour
 * store in one write. A message is acknowledged only after that write has resolved, so a sink that
 * dies mid-batch leaves the batch pending for another consumer, and the store's idempotency on
 * eventId absorbs whatever was already written.
 */
import { dlq, ok, type BatchHandler, type Bus, type Subscription } from '../../common/bus/port'
import type { BehaviorEvent } from '../../common/schemas/behavior-event'
import { groups, topics } from '../../common/topics'
import type { BehaviorStore } from '../store/port'
import type { SinkMetrics } from './metrics'
import { readEvent } from './read-event'

export interface BehaviorSinkOptions {
  bus: Bus
  store: BehaviorStore
  metrics: SinkMetrics
  /** unique per sink process */
  consumer: string
  /** consumers of this process in the group, each writing its own batches side by side */
  consumers?: number
  batchSize: number
  maxDeliveries: number
  reclaimIdleMs: number
  /** axon.event.raw unless a test gives its own */
  topic?: string
  blockMs?: number
}

/**
 * The batches of several consumers are written at the same time: the store counts each event once
 * however writes overlap, and one write waits on the database most of its time.
 */
export async function startBehaviorSink(options: BehaviorSinkOptions): Promise<Subscription> {
  const handler = behaviorSinkHandler(options.store, options.metrics)
  const subscriptions = await Promise.all(
    Array.from({ length: options.consumers ?? 1 }, (_, i) =>
      options.bus.subscribe({
        topic: options.topic ?? topics.eventRaw,
        group: groups.analyticsSink,
        consumer: `${options.consumer}-${i + 1}`,
        batchSize: options.batchSize,
        maxDeliveries: options.maxDeliveries,
        reclaimIdleMs: options.reclaimIdleMs,
        blockMs: options.blockMs,
        handler,
      }),
    ),
  )
  return { stop: async () => void (await Promise.all(subscriptions.map((s) => s.stop()))) }
}

/**
 * Invalid messages are dead-lettered; the valid ones are written together. A failed write throws,
 * which the bus treats as "dependency unavailable": the batch is offered again in place and no
 * delivery is counted. Every value an event can carry past the schema check fits its column, so a
 * failure is the store's, not the events': dead-lettering them would lose good events.
 */
export function behaviorSinkHandler(store: BehaviorStore, metrics: SinkMetrics): BatchHandler {
  return async (messages) => {
    const read = messages.map((message) => readEvent(message.value))
    const events = read.flatMap((r) => ('event' in r ? [r.event] : []))
    if (events.length) await writeBatch(store, metrics, events)
    metrics.events.inc({ result: 'dead_lettered' }, messages.length - events.length)
    return read.map((r) => ('event' in r ? ok : dlq(r.reason, r.step)))
  }
}

async function writeBatch(store: BehaviorStore, metrics: SinkMetrics, events: BehaviorEvent[]) {
  const timer = metrics.batchWriteSeconds.startTimer()
  try {
    const { written, duplicates } = await store.write(events)
    metrics.events.inc({ result: 'written' }, written)
    metrics.events.inc({ result: 'duplicate' }, duplicates)
  } catch (error) {
    metrics.writeFailures.inc()
    throw error
  } finally {
    timer()
  }
}
