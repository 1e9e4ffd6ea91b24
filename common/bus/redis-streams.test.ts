/**
 * The bus contract against Redis Streams (REDIS_URL), plus what only the stream layout shows:
 * entries written by Lua scripts, entries that are not bus messages, entries whose consumer died
 * every time, and trimming.
 */
import { afterAll, describe, expect, test } from 'bun:test'
import { randomUUID } from 'node:crypto'
import { closeTestClients, testRedis } from '../../test/support/clients'
import { recordingSubscription } from '../../test/support/recording-subscription'
import { waitFor } from '../../test/support/wait'
import { redisUrl } from '../clients/redis'
import { createLogger } from '../log'
import { dlqTopic } from '../topics'
import { registerBusContract } from '../../test/contracts/bus'
import { dlqHeaders } from './port'
import { createRedisStreamsBus } from './redis-streams'

registerBusContract('bus contract: Redis Streams', {
  settings: { kind: 'redis', redisUrl: redisUrl() },
  reclaimIdleMs: 300,
  redeliveryAfterMs: 300,
})

const log = createLogger({}, 'error')
const bus = createRedisStreamsBus(redisUrl(), log)
const redis = testRedis('bus-test')
afterAll(async () => {
  await bus.close()
  await closeTestClients()
})

const names = () => ({ topic: `test.bus.${randomUUID()}`, group: `test-group-${randomUUID()}` })

const consume = (options: { topic: string; group?: string; maxDeliveries?: number }) =>
  recordingSubscription(bus, { consumer: 'tested', blockMs: 50, reclaimIdleMs: 100, ...options })

describe('Redis Streams bus', () => {
  test('consumes entries that Lua scripts append themselves (no headers field, any field order)', async () => {
    const { topic, group } = names()
    await redis.xadd(topic, '*', 'key', 'user-7', 'value', '{"commandId":"c-1"}')
    await redis.xadd(topic, '*', 'value', '{"commandId":"c-2"}', 'key', 'user-8')
    const consumer = await consume({ topic, group })
    await waitFor(() => consumer.handed.length === 2, { what: 'both entries' })
    await consumer.stop()
    expect(consumer.handed.map(({ key, value, headers }) => ({ key, value, headers }))).toEqual([
      { key: 'user-7', value: '{"commandId":"c-1"}', headers: {} },
      { key: 'user-8', value: '{"commandId":"c-2"}', headers: {} },
    ])
  })

  test('an entry that is not a bus message goes to the DLQ without reaching the handler', async () => {
    const { topic, group } = names()
    await redis.xadd(topic, '*', 'payload', 'no value field here')
    await bus.publish(topic, [{ value: 'fine' }])
    const [deadLetters, consumer] = await Promise.all([consume({ topic: dlqTopic(topic) }), consume({ topic, group })])
    await waitFor(() => deadLetters.handed.length === 1 && consumer.handed.length === 1, { what: 'the dead letter and the good entry' })
    await Promise.all([consumer.stop(), deadLetters.stop()])
    expect(consumer.handed.map((m) => m.value)).toEqual(['fine'])
    expect(deadLetters.handed[0]!.headers).toMatchObject({ [dlqHeaders.reason]: 'stream entry has no value field', [dlqHeaders.step]: 'bus' })
  })

  test('reclaimed entries carry their real delivery count; one handed out maxDeliveries times without an outcome is dead-lettered unhandled', async () => {
    const { topic, group } = names()
    await redis.xgroup('CREATE', topic, group, '0', 'MKSTREAM')
    await bus.publish(topic, [{ value: 'crashed-once' }, { value: 'crashes-every-consumer' }])
    // a consumer that died holding both; RETRYCOUNT records how often each was handed out
    const read = (await redis.xreadgroup('GROUP', group, 'ghost', 'STREAMS', topic, '>')) as [string, [string, string[]][]][]
    const [once, always] = read[0]![1].map(([id]) => id) as [string, string]
    await redis.xclaim(topic, group, 'ghost', 0, once, 'RETRYCOUNT', 1)
    await redis.xclaim(topic, group, 'ghost', 0, always, 'RETRYCOUNT', 3)

    const [deadLetters, consumer] = await Promise.all([consume({ topic: dlqTopic(topic) }), consume({ topic, group, maxDeliveries: 3 })])
    await waitFor(() => deadLetters.handed.length === 1 && consumer.handed.length === 1, { what: 'both reclaimed entries settled' })
    await Promise.all([consumer.stop(), deadLetters.stop()])
    expect(consumer.handed.map(({ value, deliveryCount }) => ({ value, deliveryCount }))).toEqual([{ value: 'crashed-once', deliveryCount: 2 }])
    expect(deadLetters.handed[0]).toMatchObject({ value: 'crashes-every-consumer', headers: { [dlqHeaders.deliveries]: '3', [dlqHeaders.sourceId]: always } })
    expect(deadLetters.handed[0]!.headers[dlqHeaders.reason]).toContain('without an outcome')
  })

  test('trims history every group acknowledged, never entries pending for a group or not yet delivered to it', async () => {
    const { topic, group } = names()
    await redis.xgroup('CREATE', topic, 'laggard', '0', 'MKSTREAM')
    const published = Array.from({ length: 1000 }, (_, i) => ({ value: `e${i}` }))
    await bus.publish(topic, published)
    const ids = (await redis.xrange(topic, '-', '+')).map(([id]) => id)
    const readByLaggard = (await redis.xreadgroup('GROUP', 'laggard', 'slow', 'COUNT', 600, 'STREAMS', topic, '>')) as unknown[]
    expect(readByLaggard).toHaveLength(1)
    await redis.xack(topic, 'laggard', ...ids.slice(0, 400))
    const consumer = await consume({ topic, group })
    const kept = async (from: string) => (await redis.xrange(topic, from, '+')).length

    // the laggard still needs entries 400… (pending: delivered, not acknowledged)
    await waitFor(async () => (await redis.xlen(topic)) <= 700, { what: 'acknowledged history to be trimmed' })
    expect(await kept(ids[400]!)).toBe(600)
    // now it has acknowledged all it read; 600… it has never been handed
    await redis.xack(topic, 'laggard', ...ids.slice(400, 600))
    await waitFor(async () => (await redis.xlen(topic)) <= 500, { what: 'the newly acknowledged history to be trimmed' })
    expect(await kept(ids[599]!)).toBe(401)
    await consumer.stop()
    expect(consumer.handed).toHaveLength(1000)
  })
})
