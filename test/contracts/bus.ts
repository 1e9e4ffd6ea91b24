/**
 * The bus contract: what every adapter must do for the code that publishes and consumes, run
 * against a real server by each adapter's test file. Every test uses topics and groups of its own.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { randomUUID } from 'node:crypto'
import { createLogger } from '../../common/log'
import { dlqTopic } from '../../common/topics'
import { startHoldingConsumer } from '../support/bus-consumer-process'
import { recordingSubscription, type Answer } from '../support/recording-subscription'
import { waitFor } from '../support/wait'
import { createBus } from '../../common/bus/index'
import { dlq, dlqHeaders, ok, retry, type IncomingMessage } from '../../common/bus/port'
import { deadLetterContractTests } from './bus-dead-letters'
import { blockMs, consume, names, type Context, type ContractTarget, type ContractTest } from './bus-support'

const log = createLogger({}, 'error')

export function registerBusContract(name: string, target: ContractTarget | { skipReason: string }) {
  if ('skipReason' in target) {
    console.log(`SKIPPED: bus contract "${name}" (${target.skipReason}): ${contractTests.map((t) => t.name).join('; ')}`)
    describe.skip(name, () => contractTests.forEach(({ name }) => test(name, () => {})))
    return
  }
  describe(name, () => {
    const context = { target } as Context
    beforeAll(() => {
      context.bus = createBus({ log, settings: target.settings })
    })
    afterAll(() => context.bus.close())
    // Each test has its own topics and groups, so they run side by side: the Kafka ones spend
    // most of their time waiting for consumer groups to form.
    for (const { name, run } of contractTests) test.concurrent(name, () => run(context), 60_000)
  })
}

const values = (messages: readonly { value: string }[]) => messages.map((m) => m.value).sort()
/** On Kafka a topic's partitions are consumed one after another: seeing one message says nothing of the rest. */
const handedAll = (handed: readonly IncomingMessage[], expected: readonly { value: string }[]) =>
  expected.every(({ value }) => handed.some((m) => m.value === value))
const batchOf = (count: number, tag: string) =>
  Array.from({ length: count }, (_, i) => ({ key: `${tag}-key-${i}`, value: `${tag}-${i}`, headers: { 'x-test-seq': String(i) } }))

/**
 * A fresh consumer of `group`, started once anything left unacknowledged would be handed out
 * again: returns everything it is handed until the sentinels published after it arrive. On Kafka
 * a redelivery comes before the sentinels of its partition; sixteen keys reach every partition of
 * a four-partition topic (what the mock cluster creates), so no partition goes unchecked.
 */
async function handedOnRestart(context: Context, topic: string, group: string): Promise<IncomingMessage[]> {
  // waiting for a redelivery that must not come: no event to wait for, so wait out its delay
  await Bun.sleep(context.target.redeliveryAfterMs)
  const restarted = await consume(context, { topic, group, consumer: `restarted-${randomUUID()}` })
  const sentinels = batchOf(16, 'sentinel')
  await context.bus.publish(topic, sentinels)
  const arrived = () => restarted.handed.filter((m) => m.value.startsWith('sentinel-')).length
  await waitFor(() => arrived() === sentinels.length, { what: 'the sentinels' })
  await restarted.stop()
  return restarted.handed.filter((m) => !m.value.startsWith('sentinel-'))
}

const contractTests: ContractTest[] = [
  {
    name: 'delivers everything published to a group once, with key, value and headers; acknowledged messages are not redelivered after a restart',
    async run(context) {
      const { topic, group } = names()
      const published = [...batchOf(30, 'keyed'), { value: 'bare' }]
      await context.bus.publish(topic, published)
      const first = await consume(context, { topic, group, consumer: 'first', batchSize: 7 })
      await waitFor(() => first.handed.length >= published.length, { what: 'every message' })
      await first.stop()

      expect(values(first.handed)).toEqual(values(published))
      expect(new Set(first.handed.map((m) => m.id)).size).toBe(published.length)
      const keyed = first.handed.find((m) => m.value === 'keyed-3')!
      expect({ key: keyed.key, headers: keyed.headers, topic: keyed.topic, deliveryCount: keyed.deliveryCount }).toEqual({
        key: 'keyed-key-3',
        headers: { 'x-test-seq': '3' },
        topic,
        deliveryCount: 1,
      })
      expect(first.handed.find((m) => m.value === 'bare')).toMatchObject({ key: undefined, headers: {} })
      expect(await handedOnRestart(context, topic, group)).toEqual([])
    },
  },
  {
    name: "backlog counts what a group has not acknowledged: none before anything is published, all of it before the group reads, none once it caught up",
    async run(context) {
      const { topic, group } = names()
      expect(await context.bus.backlog(topic, group)).toBe(0)
      const published = batchOf(25, 'backlog')
      await context.bus.publish(topic, published)
      expect(await context.bus.backlog(topic, group)).toBe(25)
      const other = `${group}-other`
      const reader = await consume(context, { topic, group, consumer: 'reader', batchSize: 10 })
      await waitFor(async () => reader.handed.length >= 25 && (await context.bus.backlog(topic, group)) === 0, { timeoutMs: 30_000, what: 'the backlog to drain' })
      await reader.stop()
      // another group has read nothing: its backlog is the whole topic
      expect(await context.bus.backlog(topic, other)).toBe(25)
    },
  },
  {
    name: 'two consumers in one group split the work and no message is handled by both',
    async run(context) {
      const { topic, group } = names()
      const [a, b] = await Promise.all(['a', 'b'].map((consumer) => consume(context, { topic, group, consumer, batchSize: 10 })))
      // Kafka: the second member's join rebalances the group, which takes seconds on a busy machine,
      // and the first member may take everything published before it: work keeps coming until both have some
      const published: { value: string }[] = []
      await waitFor(
        async () => {
          const round = batchOf(50, `work-${published.length}`)
          await context.bus.publish(topic, round)
          published.push(...round)
          return a!.handed.length > 0 && b!.handed.length > 0
        },
        { timeoutMs: 30_000, intervalMs: 200, what: 'both consumers to be handed work' },
      )
      await waitFor(() => a!.handed.length + b!.handed.length >= published.length, { timeoutMs: 30_000, what: 'all the work' })
      await Promise.all([a!.stop(), b!.stop()])

      const byA = new Set(a!.handed.map((m) => m.value))
      expect(b!.handed.filter((m) => byA.has(m.value))).toEqual([])
      expect(values([...a!.handed, ...b!.handed])).toEqual(values(published))
    },
  },
  {
    name: 'a consumer that dies holding unacknowledged messages loses none: another consumer of the group gets them',
    async run(context) {
      const { topic, group } = names()
      const published = batchOf(20, 'held')
      const subscription = { topic, group, consumer: 'doomed', batchSize: 50, blockMs, reclaimIdleMs: context.target.reclaimIdleMs }
      const doomed = await startHoldingConsumer(context.target.settings, subscription, () => context.bus.publish(topic, published))
      expect(doomed.held).toBeGreaterThan(0)
      doomed.child.kill('SIGKILL')
      await doomed.child.exited

      const survivor = await consume(context, { topic, group, consumer: 'survivor' })
      await waitFor(() => survivor.handed.length >= published.length, { timeoutMs: 30_000, what: "the dead consumer's messages" })
      await survivor.stop()
      expect(values(survivor.handed)).toEqual(values(published))
    },
  },
  {
    name: 'retry: redelivered with a growing deliveryCount, then dead-lettered at maxDeliveries with its key, value, headers and reasons',
    async run(context) {
      const { topic, group } = names()
      const poison = { key: 'poison-key', value: 'poison', headers: { 'x-trace': 'trace-1' } }
      const answer: Answer = (m) => (m.value === 'poison' ? retry('activity not in MySQL yet', 'apply-entry') : ok)
      const [deadLetters, consumer] = await Promise.all([
        consume(context, { topic: dlqTopic(topic) }),
        consume(context, { topic, group, consumer: 'retrier', maxDeliveries: 3, answer }),
      ])
      const fine = batchOf(5, 'fine')
      await context.bus.publish(topic, [poison, ...fine])
      await waitFor(() => deadLetters.handed.length === 1, { timeoutMs: 20_000, what: 'the dead letter' })
      await waitFor(() => handedAll(consumer.handed, fine), { what: 'the other messages' })
      await Promise.all([consumer.stop(), deadLetters.stop()])

      const tries = consumer.handed.filter((m) => m.value === 'poison')
      expect(tries.map((m) => m.deliveryCount)).toEqual([1, 2, 3])
      const [dead] = deadLetters.handed
      expect({ key: dead!.key, value: dead!.value, trace: dead!.headers['x-trace'] }).toEqual({ key: 'poison-key', value: 'poison', trace: 'trace-1' })
      expect(dead!.headers).toMatchObject({
        [dlqHeaders.reason]: 'activity not in MySQL yet',
        [dlqHeaders.step]: 'apply-entry',
        [dlqHeaders.deliveries]: '3',
        [dlqHeaders.sourceTopic]: topic,
        [dlqHeaders.sourceId]: tries[0]!.id,
      })
      expect(Number.isNaN(Date.parse(dead!.headers[dlqHeaders.time]!))).toBe(false)
      expect(await handedOnRestart(context, topic, group)).toEqual([])
    },
  },
  {
    name: 'a dlq outcome goes straight to the DLQ, handled once and never again',
    async run(context) {
      const { topic, group } = names()
      const answer: Answer = (m) => (m.value === 'unreadable' ? dlq('not a command', 'parse') : ok)
      const [deadLetters, consumer] = await Promise.all([
        consume(context, { topic: dlqTopic(topic) }),
        consume(context, { topic, group, consumer: 'parser', answer }),
      ])
      const fine = batchOf(3, 'fine')
      await context.bus.publish(topic, [{ key: 'k', value: 'unreadable' }, ...fine])
      await waitFor(() => deadLetters.handed.length === 1, { what: 'the dead letter' })
      await waitFor(() => handedAll(consumer.handed, fine), { what: 'the other messages' })
      await Promise.all([consumer.stop(), deadLetters.stop()])

      expect(consumer.handed.filter((m) => m.value === 'unreadable')).toHaveLength(1)
      expect(deadLetters.handed[0]).toMatchObject({
        key: 'k',
        value: 'unreadable',
        headers: { [dlqHeaders.reason]: 'not a command', [dlqHeaders.step]: 'parse', [dlqHeaders.deliveries]: '1' },
      })
      expect(await handedOnRestart(context, topic, group)).toEqual([])
    },
  },
  {
    name: 'a poison message does not hold up the messages behind it',
    async run(context) {
      const { topic, group } = names()
      const good = new Set<string>()
      let goodWhenGivenUp = -1
      const answer: Answer = (m) => {
        if (m.value !== 'poison') return good.add(m.value), ok
        if (m.deliveryCount === 3) goodWhenGivenUp = good.size
        return retry('always fails')
      }
      const consumer = await consume(context, { topic, group, consumer: 'busy', batchSize: 5, maxDeliveries: 3, answer })
      // one key: on Kafka every message shares the poison message's partition
      const behind = batchOf(20, 'behind').map((m) => ({ ...m, key: 'same' }))
      await context.bus.publish(topic, [{ key: 'same', value: 'poison' }, ...behind])
      await waitFor(() => goodWhenGivenUp >= 0, { timeoutMs: 20_000, what: 'the poison message to be given up' })
      await consumer.stop()
      expect(goodWhenGivenUp).toBe(behind.length)
    },
  },
  {
    name: 'a throwing handler (dependency down) dead-letters nothing, keeps its batch, and succeeds once the dependency is back',
    async run(context) {
      const { topic, group } = names()
      let firstAttemptAt = 0
      const answered: IncomingMessage[] = []
      // Two consumers share the outage. It outlasts reclaimIdleMs, so if the batch stopped being
      // its holder's meanwhile, the other consumer would be handed it again (deliveryCount 2 on
      // Redis; a second handling after a rebalance on Kafka).
      const handler = async (batch: IncomingMessage[]) => {
        firstAttemptAt ||= Date.now()
        if (Date.now() - firstAttemptAt < context.target.reclaimIdleMs + 200) throw new Error('connect ECONNREFUSED 127.0.0.1:3306')
        answered.push(...batch)
        return batch.map(() => ok)
      }
      const subscriptions = await Promise.all(
        ['patient', 'bystander'].map((consumer) =>
          context.bus.subscribe({ topic, group, consumer, blockMs, reclaimIdleMs: context.target.reclaimIdleMs, maxDeliveries: 2, handler }),
        ),
      )
      // one key, so on Kafka the whole batch is one consumer's partition
      const published = batchOf(5, 'waiting').map((m) => ({ ...m, key: 'same' }))
      await context.bus.publish(topic, published)
      await waitFor(() => answered.length >= published.length, { timeoutMs: 20_000, what: 'the handler to recover' })
      await Promise.all(subscriptions.map((s) => s.stop()))
      expect(values(answered)).toEqual(values(published))
      expect(answered.map((m) => m.deliveryCount)).toEqual(published.map(() => 1))
    },
  },
  {
    name: 'stop() lets the batch in hand finish and acknowledge, and takes no more',
    async run(context) {
      const { topic, group } = names()
      let release!: () => void
      const gate = new Promise<void>((resolve) => (release = resolve))
      const handed: IncomingMessage[] = []
      const events: string[] = []
      const subscription = await context.bus.subscribe({
        topic, group, consumer: 'leaving', blockMs, reclaimIdleMs: context.target.reclaimIdleMs, batchSize: 10,
        handler: async (batch) => {
          handed.push(...batch)
          await gate
          events.push('batch finished')
          return batch.map(() => ok)
        },
      })
      const published = batchOf(30, 'queued')
      await context.bus.publish(topic, published)
      await waitFor(() => handed.length > 0, { what: 'a batch in hand' })
      const stopped = subscription.stop().then(() => events.push('stop resolved'))
      // long enough for a stop() that does not wait for the batch to resolve first
      await Bun.sleep(200)
      release()
      await stopped
      expect(events).toEqual(['batch finished', 'stop resolved'])

      const inHand = new Set(handed.map((m) => m.value))
      expect(handed.length).toBeLessThanOrEqual(10)
      const rest = await handedOnRestart(context, topic, group)
      expect(values(rest)).toEqual(values(published.filter((m) => !inHand.has(m.value))))
    },
  },
  ...deadLetterContractTests,
]
