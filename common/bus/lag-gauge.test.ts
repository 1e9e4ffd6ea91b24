/** The consumer-lag gauge on the real Redis Streams bus, read as Prometheus reads it. */
import { afterAll, expect, test } from 'bun:test'
import { randomUUID } from 'node:crypto'
import { Registry } from 'prom-client'
import { recordingSubscription } from '../../test/support/recording-subscription'
import { waitFor } from '../../test/support/wait'
import { redisUrl } from '../clients/redis'
import { createLogger } from '../log'
import { busLagGauge } from './lag-gauge'
import { createRedisStreamsBus } from './redis-streams'

const log = createLogger({}, 'error')
const bus = createRedisStreamsBus(redisUrl(), log)
afterAll(() => bus.close())

const lagLine = async (registry: Registry, topic: string, group: string) =>
  (await registry.metrics()).split('\n').find((line) => line.startsWith(`axon_bus_consumer_lag{topic="${topic}",group="${group}"}`))

test('each scrape reads how far the process groups are behind: 7 waiting, then 0 once consumed', async () => {
  const [topic, group] = [`test.lag.${randomUUID()}`, `test-lag-${randomUUID()}`]
  const registry = new Registry()
  busLagGauge(registry, bus, [{ topic, group }], log)
  expect(await lagLine(registry, topic, group)).toEndWith(' 0')

  await bus.publish(topic, Array.from({ length: 7 }, (_, i) => ({ value: `m-${i}` })))
  expect(await lagLine(registry, topic, group)).toEndWith(' 7')

  const reader = await recordingSubscription(bus, { topic, group, consumer: 'reader', blockMs: 50 })
  await waitFor(async () => (await lagLine(registry, topic, group))?.endsWith(' 0') ?? false, { what: 'the lag to fall to 0' })
  await reader.stop()
  expect(reader.handed).toHaveLength(7)
})

test('a bus that does not answer leaves the series out instead of failing the scrape', async () => {
  const registry = new Registry()
  const down = createRedisStreamsBus('redis://127.0.0.1:9', log)
  try {
    busLagGauge(registry, down, [{ topic: 'test.lag.down', group: 'g' }], log)
    const text = await registry.metrics()
    expect(text).toContain('# TYPE axon_bus_consumer_lag gauge')
    expect(text).not.toContain('axon_bus_consumer_lag{')
  } finally {
    await down.close().catch(() => {})
  }
})
