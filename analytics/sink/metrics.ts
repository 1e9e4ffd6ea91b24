/** What the behaviour sink reports at analytics' /metrics. */
import type { Registry } from 'prom-client'
import { counter, histogram } from '../../common/metrics'

const results = ['written', 'duplicate', 'dead_lettered'] as const

export function sinkMetrics(registry: Registry) {
  const metrics = {
    events: counter(registry, {
      name: 'axon_sink_events_total',
      help: 'Behaviour events the sink handled: written (stored for the first time), duplicate (stored before: a redelivery or a tracker retry), dead_lettered (unreadable or invalid)',
      labelNames: ['result'],
    }),
    batchWriteSeconds: histogram(registry, {
      name: 'axon_sink_batch_write_seconds',
      help: 'Time to write one batch to the behaviour store',
    }),
    writeFailures: counter(registry, {
      name: 'axon_sink_write_failures_total',
      help: 'Batch writes that failed; the batch stays unacknowledged and is written again',
    }),
  }
  // every series exists from the start, so rate() sees the first events
  for (const result of results) metrics.events.inc({ result }, 0)
  return metrics
}

export type SinkMetrics = ReturnType<typeof sinkMetrics>
