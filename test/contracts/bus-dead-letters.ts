/**
 * The bus contract's dead-letter cases: what `./axon dlq` relies on from every adapter — dead
 * letters listed with why they were given up, and replayed onto their topic once, as they came.
 */
import { expect } from 'bun:test'
import { dlq, ok, retry, type IncomingMessage } from '../../common/bus/port'
import { dlqTopic } from '../../common/topics'
import type { Answer } from '../support/recording-subscription'
import { waitFor } from '../support/wait'
import { consume, names, type ContractTest } from './bus-support'

export const deadLetterContractTests: ContractTest[] = [
  {
    name: 'dead letters are listed oldest first with reason, step, time and deliveries, and the message they were (key, value, headers without the dlq ones)',
    async run(context) {
      const { topic, group } = names()
      expect(await context.bus.deadLetters(topic)).toEqual([])
      const answer: Answer = (m) => (m.value === 'unreadable' ? dlq('not a command', 'parse') : m.value === 'stuck' ? retry('activity 7 is not in MySQL', 'apply') : ok)
      const [deadLetters, consumer] = await Promise.all([
        consume(context, { topic: dlqTopic(topic) }),
        consume(context, { topic, group, consumer: 'lister', maxDeliveries: 2, answer }),
      ])
      // one key: on Kafka one partition, so the letters are dead-lettered in the order published
      const published = [
        { key: 'same', value: 'unreadable', headers: { 'x-trace': 'trace-1' } },
        { key: 'same', value: 'fine' },
        { key: 'same', value: 'stuck', headers: { 'x-trace': 'trace-2' } },
      ]
      await context.bus.publish(topic, published)
      await waitFor(() => deadLetters.handed.length === 2, { timeoutMs: 20_000, what: 'two dead letters' })
      await Promise.all([consumer.stop(), deadLetters.stop()])

      const listed = await context.bus.deadLetters(topic)
      expect(listed.map(({ id, time, sourceId, ...rest }) => rest)).toEqual([
        { topic, key: 'same', value: 'unreadable', headers: { 'x-trace': 'trace-1' }, reason: 'not a command', step: 'parse', deliveries: 1 },
        { topic, key: 'same', value: 'stuck', headers: { 'x-trace': 'trace-2' }, reason: 'activity 7 is not in MySQL', step: 'apply', deliveries: 2 },
      ])
      expect(listed.map((l) => l.id)).toEqual(deadLetters.handed.map((m) => m.id))
      expect(listed.map((l) => l.sourceId)).toEqual(['unreadable', 'stuck'].map((v) => consumer.handed.find((m) => m.value === v)!.id))
      expect(listed.every((l) => !Number.isNaN(Date.parse(l.time)))).toBe(true)
    },
  },
  {
    name: 'a replay publishes each chosen dead letter back onto its topic once, as it first came, and takes it off the list; unknown or replayed ids are reported',
    async run(context) {
      const { topic, group } = names()
      const seen = new Map<string, IncomingMessage[]>()
      // each message is dead-lettered the first time and handled the second (once replayed)
      const answer: Answer = (m) => {
        const copies = seen.get(m.value) ?? []
        seen.set(m.value, [...copies, m])
        return copies.length === 0 && m.value.startsWith('dead-') ? dlq('refused once', 'test') : ok
      }
      const [deadLetters, consumer] = await Promise.all([
        consume(context, { topic: dlqTopic(topic) }),
        consume(context, { topic, group, consumer: 'replayed', answer }),
      ])
      const dead = [1, 2, 3].map((i) => ({ key: 'same', value: `dead-${i}`, headers: { 'x-trace': `trace-${i}` } }))
      await context.bus.publish(topic, dead)
      await waitFor(() => deadLetters.handed.length === 3, { timeoutMs: 20_000, what: 'three dead letters' })
      await deadLetters.stop()
      const [first, ...rest] = await context.bus.deadLetters(topic)

      expect(await context.bus.replayDeadLetters(topic, [first!.id, 'no-such-letter'])).toEqual({ replayed: [first!.id], notFound: ['no-such-letter'] })
      // off the list: asked again, it is not found
      expect(await context.bus.replayDeadLetters(topic, [first!.id])).toEqual({ replayed: [], notFound: [first!.id] })
      expect(await context.bus.replayDeadLetters(topic, 'all')).toEqual({ replayed: rest.map((l) => l.id), notFound: [] })
      expect(await context.bus.deadLetters(topic)).toEqual([])

      // everything before the sentinel of the same partition has been handed out once it arrives
      await context.bus.publish(topic, [{ key: 'same', value: 'sentinel' }])
      await waitFor(() => seen.has('sentinel'), { timeoutMs: 20_000, what: 'the sentinel' })
      await consumer.stop()
      for (const message of dead) {
        const copies = seen.get(message.value)!
        expect(copies).toHaveLength(2)
        expect({ key: copies[1]!.key, value: copies[1]!.value, headers: copies[1]!.headers }).toEqual(message)
      }
    },
  },
]
