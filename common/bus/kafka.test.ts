/**
 * The bus contract against Kafka: the cluster at KAFKA_BROKERS when set, otherwise librdkafka's
 * mock cluster started through kcat (a real Kafka protocol peer, in memory, not Apache Kafka);
 * skipped by name when neither is available. Plus what only Kafka shows: a consumer that kafkajs
 * crashes for good is replaced.
 */
import { afterAll, describe, expect, test } from 'bun:test'
import { KafkaJSProtocolError, type Consumer, type ConsumerCrashEvent, type Kafka } from 'kafkajs'
import { kafkaForTests } from '../../test/support/kafka-mock'
import { recordingLog } from '../../test/support/recording-log'
import { waitFor } from '../../test/support/wait'
import { registerBusContract } from '../../test/contracts/bus'
import { names } from '../../test/contracts/bus-support'
import { createKafka } from '../clients/kafka'
import { createLogger } from '../log'
import { createKafkaBus } from './kafka'
import { consumeTopic } from './kafka-consumer'
import { ok, type IncomingMessage } from './port'

const kafka = await kafkaForTests()
const name = 'bus contract: Kafka'

if ('skipReason' in kafka) registerBusContract(name, kafka)
else {
  console.log(`${name}: running against ${kafka.description}`)
  afterAll(() => kafka.stop())
  registerBusContract(`${name} (${kafka.description})`, {
    settings: { kind: 'kafka', brokers: kafka.brokers, clientId: 'axon-bus-contract' },
    // the session timeout, at its shortest (see kafka-consumer.ts); the mock cluster waits this
    // long, less a second, for the members of a group to rejoin after a rebalance
    reclaimIdleMs: 6000,
    // Kafka hands uncommitted messages out again when the group rejoins, after no delay
    redeliveryAfterMs: 0,
  })
  registerCrashTests(kafka.brokers, kafka.description)
}

/**
 * The consumers `client` makes, each with the crashes kafkajs reported for it. The first one's
 * first offset commit is answered INVALID_REQUEST (42), the non-retriable error librdkafka's mock
 * cluster once gave a SyncGroup during a rebalance: kafkajs crashes that consumer and does not
 * restart it. Everything but that one answer is the real kafkajs and broker.
 */
function crashFirstConsumerOnCommit(client: Kafka) {
  const made: { consumer: Consumer; crashes: ConsumerCrashEvent['payload'][] }[] = []
  const makeConsumer = client.consumer.bind(client)
  client.consumer = (config) => {
    const consumer = makeConsumer(config)
    const crashes: ConsumerCrashEvent['payload'][] = []
    consumer.on(consumer.events.CRASH, ({ payload }) => void crashes.push(payload))
    const faulty = made.length === 0
    made.push({ consumer, crashes })
    if (!faulty) return consumer
    const run = consumer.run.bind(consumer)
    let answered = false
    consumer.run = (runConfig) =>
      run({
        ...runConfig,
        eachBatch: (payload) =>
          runConfig!.eachBatch!({
            ...payload,
            commitOffsetsIfNecessary: async (offsets) => {
              if (answered) return payload.commitOffsetsIfNecessary(offsets)
              answered = true
              throw new KafkaJSProtocolError(Object.assign(new Error('This most likely occurs because of a request being malformed'), { type: 'INVALID_REQUEST', code: 42, retriable: false }))
            },
          }),
      })
    return consumer
  }
  return made
}

function registerCrashTests(brokers: string[], description: string) {
  const bus = createKafkaBus({ brokers, clientId: 'axon-kafka-crash-test' }, createLogger({}, 'error'))
  afterAll(() => bus.close())

  async function crashingSubscription() {
    const { log, problems } = recordingLog()
    const client = createKafka({ brokers, clientId: 'axon-kafka-crash-test', log })
    const consumers = crashFirstConsumerOnCommit(client)
    const { topic, group } = names()
    const handed: IncomingMessage[] = []
    const options = { topic, group, consumer: 'crashing', blockMs: 100, reclaimIdleMs: 6000 }
    const handler = async (batch: IncomingMessage[]) => {
      handed.push(...batch)
      return batch.map(() => ok)
    }
    const subscription = await consumeTopic({ kafka: client, options: { ...options, handler }, publish: bus.publish, log })
    return { topic, handed, consumers, subscription, problems }
  }
  const batchOf = (count: number, tag: string) => Array.from({ length: count }, (_, i) => ({ key: `${tag}-${i}`, value: `${tag}-${i}` }))
  const restartAnnounced = (line: { level: string; msg: string }) => line.level === 'warn' && line.msg.startsWith('kafka consumer crashed')
  const valuesOf = (messages: readonly { value: string }[]) => [...new Set(messages.map((m) => m.value))].sort()

  describe(`Kafka bus (${description})`, () => {
    test('a consumer kafkajs crashes without restarting it is replaced: what was published before and after the crash is all handled', async () => {
      const { topic, handed, consumers, subscription, problems } = await crashingSubscription()
      const before = batchOf(10, 'before')
      await bus.publish(topic, before)
      await waitFor(() => consumers[0]!.crashes.length > 0, { timeoutMs: 30_000, what: 'the injected crash' })
      expect(consumers[0]!.crashes.map(({ restart, error }) => ({ restart, code: (error.cause as { code?: number } | undefined)?.code }))).toEqual([{ restart: false, code: 42 }])

      const after = batchOf(10, 'after')
      await bus.publish(topic, after)
      await waitFor(() => valuesOf(handed).length === before.length + after.length, { timeoutMs: 30_000, what: 'every message, from a new consumer' })
      await subscription.stop()

      // the crashed consumer committed nothing: its batch is handed out again (at-least-once)
      expect(valuesOf(handed)).toEqual(valuesOf([...before, ...after]))
      expect(consumers).toHaveLength(2)
      expect(consumers[1]!.crashes).toEqual([])
      expect(problems().filter(restartAnnounced)).toMatchObject([{ fields: { error: consumers[0]!.crashes[0]!.error } }])
    }, 60_000)

    test('stop() during the backoff before a restart stops for good: no new consumer is started', async () => {
      const { topic, consumers, subscription, problems } = await crashingSubscription()
      await bus.publish(topic, batchOf(3, 'doomed'))
      // the restart is announced as its backoff begins
      await waitFor(() => problems().some(restartAnnounced), { timeoutMs: 30_000, intervalMs: 5, what: 'the restart to be announced' })
      await subscription.stop()
      // longer than the first backoff and the start of a new consumer
      await Bun.sleep(1000)
      expect(consumers).toHaveLength(1)
    }, 60_000)
  })
}
