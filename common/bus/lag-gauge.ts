/**
 * `axon_bus_consumer_lag{topic, group}`: the messages each consumer group of this process has not
 * acknowledged yet (Bus.backlog), read from the bus when Prometheus scrapes, so it costs nothing
 * between scrapes. A bus that does not answer leaves the series out of that scrape (and logs why)
 * rather than failing /metrics.
 */
import { Gauge, type Registry } from 'prom-client'
import type { Logger } from '../log'
import type { Bus } from './port'

export interface ConsumedTopic {
  topic: string
  group: string
}

export function busLagGauge(registry: Registry, bus: Bus, consumed: readonly ConsumedTopic[], log: Logger): Gauge<'topic' | 'group'> {
  return new Gauge({
    name: 'axon_bus_consumer_lag',
    help: 'messages a consumer group has not acknowledged yet: not handed out, or handed out and unacknowledged',
    labelNames: ['topic', 'group'],
    registers: [registry],
    async collect() {
      this.reset()
      await Promise.all(
        consumed.map(async ({ topic, group }) => {
          try {
            this.set({ topic, group }, await bus.backlog(topic, group))
          } catch (error) {
            log.warn('consumer lag not read', { topic, group, error })
          }
        }),
      )
    },
  })
}
