/**
 * Prometheus metrics (prom-client). Each process has its own registry with the default process
 * metrics, labelled with the process name, and serves it at GET /metrics.
 */
import { Elysia } from 'elysia'
import { Counter, Histogram, Registry, collectDefaultMetrics, type CounterConfiguration, type HistogramConfiguration } from 'prom-client'

export type { Counter, Histogram }

export function createRegistry(processName: string): Registry {
  const registry = new Registry()
  registry.setDefaultLabels({ process: processName })
  collectDefaultMetrics({ register: registry })
  return registry
}

export function counter<L extends string>(registry: Registry, config: Omit<CounterConfiguration<L>, 'registers'>): Counter<L> {
  return new Counter({ ...config, registers: [registry] })
}

/** Latency buckets from 0.25 ms to 2.5 s: the reservation path lives at the low end. */
export const latencyBuckets = [0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5]

export function histogram<L extends string>(registry: Registry, config: Omit<HistogramConfiguration<L>, 'registers'>): Histogram<L> {
  return new Histogram({ buckets: latencyBuckets, ...config, registers: [registry] })
}

export function metricsRoute(registry: Registry) {
  return new Elysia({ name: 'axon-metrics' }).get('/metrics', async ({ set }) => {
    set.headers['content-type'] = registry.contentType
    return registry.metrics()
  })
}
