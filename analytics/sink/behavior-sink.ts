/**
 * The behaviour sink: consumes `axon.event.raw` in batches and writes each batch to the behaviour
 * store in one write. A message is acknowledged only after that write has resolved, so a sink that
 * dies mid-batch leaves the batch pending for another consumer, and the store's idempotency on
 * eventId absorbs whatever was already written.
 */
import { dlq, ok, type BatchHandler, type Bus, type Subscription } from '../../common/bus/port'
import type { BehaviorEvent } from '../../common/schemas/behavior-event'
import { groups, topics } from '../../common/topics'
import { EventsRefused, type BehaviorStore, type WriteResult } from '../store/port'
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
 * delivery is counted — a store that is down loses nothing. The one exception is a store that
 * stored the batch but refused some events for good (EventsRefused: an occurredAt no store holds,
 * a value MySQL refuses, an Elasticsearch index whose mapping differs from the template): those
 * go to the dead-letter topic with the store's reason, so one such event cannot hold back the
 * stream behind it.
 */
export function behaviorSinkHandler(store: BehaviorStore, metrics: SinkMetrics): BatchHandler {
  return async (messages) => {
    const read = messages.map((message) => readEvent(message.value))
    const events = read.flatMap((r) => ('event' in r ? [r.event] : []))
    const refused = events.length ? await writeBatch(store, metrics, events) : new Map<string, string>()
    const outcomes = read.map((r) => {
      if (!('event' in r)) return dlq(r.reason, r.step)
      const reason = refused.get(r.event.eventId)
      return reason === undefined ? ok : dlq(reason, 'store')
    })
    metrics.events.inc({ result: 'dead_lettered' }, outcomes.filter((o) => o !== ok).length)
    return outcomes
  }
}

/** Writes the batch; returns the events the store refused for good, by eventId, with its reason. */
async function writeBatch(store: BehaviorStore, metrics: SinkMetrics, events: BehaviorEvent[]): Promise<ReadonlyMap<string, string>> {
  const timer = metrics.batchWriteSeconds.startTimer()
  const counted = ({ written, duplicates }: WriteResult) => {
    metrics.events.inc({ result: 'written' }, written)
    metrics.events.inc({ result: 'duplicate' }, duplicates)
  }
  try {
    counted(await store.write(events))
    return new Map()
  } catch (error) {
    // refused events are counted as dead-lettered; the write itself stored the rest
    if (!(error instanceof EventsRefused)) {
      metrics.writeFailures.inc()
      throw error
    }
    counted(error.stored)
    return error.refused
  } finally {
    timer()
  }
}
