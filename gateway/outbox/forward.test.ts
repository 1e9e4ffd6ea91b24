/**
 * The outbox forwarder against real servers: a Redis stream forwarded to a Redis Streams topic
 * (always) and to Kafka (KAFKA_BROKERS, or librdkafka's mock cluster through kcat; skipped by
 * name when neither is available).
 */
import { afterAll, describe, expect, test } from 'bun:test'
import { randomUUID } from 'node:crypto'
import { closeTestClients, testRedis } from '../../test/support/clients'
import { kafkaForTests } from '../../test/support/kafka-mock'
import { recordingSubscription } from '../../test/support/recording-subscription'
import { waitFor } from '../../test/support/wait'
import { redisUrl } from '../../common/clients/redis'
import { createLogger } from '../../common/log'
import { createBus } from '../../common/bus/index'
import { forwardStream } from './forward'
import { createRedisStreamsBus } from '../../common/bus/redis-streams'

const log = createLogger({}, 'error')
const redis = testRedis('forward-test')
const source = createRedisStreamsBus(redisUrl(), log)
const kafka = await kafkaForTests()
afterAll(async () => {
  await source.close()
  await closeTestClients()
  if (!('skipReason' in kafka)) await kafka.stop()
})

/** Entries as confirm.lua appends them: key and value fields, no headers. */
async function appendToOutbox(stream: string, count: number) {
  const values = Array.from({ length: count }, (_, i) => JSON.stringify({ commandId: `c-${i}` }))
  for (const [i, value] of values.entries()) await redis.xadd(stream, '*', 'key', `user-${i}`, 'value', value)
  return values
}

const pendingCount = async (stream: string, group: string) => Number(((await redis.xpending(stream, group)) as [number])[0])

function forwardsTo(name: string, target: () => ReturnType<typeof createBus>) {
  test(`forwards every outbox entry to ${name} with its key, and acknowledges only what was published`, async () => {
    const bus = target()
    const outbox = `test.outbox.${randomUUID()}`
    const commandTopic = `test.command.${randomUUID()}`
    const values = await appendToOutbox(outbox, 40)
    const [received, forwarder] = await Promise.all([
      recordingSubscription(bus, { topic: commandTopic }),
      forwardStream({ source, target: bus, fromTopic: outbox, toTopic: commandTopic, group: 'forwarder', consumer: 'test', batchSize: 15 }),
    ])
    await waitFor(() => received.handed.length >= values.length, { timeoutMs: 20_000, what: 'every command on the target' })
    await Promise.all([forwarder.stop(), received.stop()])
    await bus.close()
    expect(received.handed.map((m) => m.value).sort()).toEqual([...values].sort())
    expect(received.handed.find((m) => m.value === values[7])!.key).toBe('user-7')
    expect(await pendingCount(outbox, 'forwarder')).toBe(0)
  }, 60_000)
}

describe('outbox forwarder', () => {
  forwardsTo('a Redis Streams topic', () => createRedisStreamsBus(redisUrl(), log))

  test('holds entries while the target cannot take them, then delivers each once', async () => {
    const outbox = `test.outbox.${randomUUID()}`
    const commandTopic = `test.command.${randomUUID()}`
    // a string where the target stream should be: every XADD to it fails with WRONGTYPE
    await redis.set(commandTopic, 'not a stream')
    const values = await appendToOutbox(outbox, 10)
    const forwarder = await forwardStream({ source, target: source, fromTopic: outbox, toTopic: commandTopic, group: 'forwarder', consumer: 'test' })
    await waitFor(async () => (await pendingCount(outbox, 'forwarder')) === values.length, { what: 'the forwarder to hold the entries' })
    await redis.del(commandTopic)
    await waitFor(async () => (await pendingCount(outbox, 'forwarder')) === 0, { timeoutMs: 15_000, what: 'the entries to be forwarded' })
    await forwarder.stop()
    const forwarded = await redis.xrange(commandTopic, '-', '+')
    expect(forwarded.map(([, fields]) => fields[fields.indexOf('value') + 1]!).sort()).toEqual([...values].sort())
  })
})

if ('skipReason' in kafka) {
  console.log(`SKIPPED: outbox forwarder to Kafka (${kafka.skipReason})`)
  describe.skip('outbox forwarder to Kafka', () => forwardsTo('Kafka', () => createBus({ log })))
} else {
  console.log(`outbox forwarder to Kafka: running against ${kafka.description}`)
  describe(`outbox forwarder to Kafka (${kafka.description})`, () =>
    forwardsTo('Kafka', () => createBus({ log, settings: { kind: 'kafka', brokers: kafka.brokers, clientId: 'axon-forward-test' } })),
  )
}
