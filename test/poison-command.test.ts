/**
 * Acceptance: a command for an activity MySQL does not know is retried until `maxDeliveries`,
 * then dead-lettered with its original bytes and reason headers, and the commands behind it are
 * applied meanwhile.
 */
import { afterAll, expect, test } from 'bun:test'
import { dlqHeaders } from '../common/bus/port'
import { encodeEntryCommand } from '../common/codecs/entry-command'
import { createLogger } from '../common/log'
import { dlqTopic } from '../common/topics'
import type { CommandTally } from '../core/metrics'
import { countEntries } from '../core/repositories/entries'
import { startCommandWorkers } from '../core/workers/pool'
import { entryConfirmed, isolatedWorkerSettings } from './support/commands'
import { closeCoreTestClients, freshUserIds, testBus, testCoreApp } from './support/core-app'
import { readTopic } from './support/topic-reader'
import { waitFor } from './support/wait'

const { openActivity, pool } = testCoreApp()
const log = createLogger({}, 'error')
const bus = testBus()
afterAll(closeCoreTestClients)

test('a poison command ends in the DLQ after maxDeliveries and does not block the commands behind it', async () => {
  const { activity, product } = await openActivity({ limit: 20 })
  const [stranger, ...shoppers] = freshUserIds(21) as [number, ...number[]]
  const poison = encodeEntryCommand(entryConfirmed(999_999_999, stranger, product.id))
  const good = shoppers.map((userId) => encodeEntryCommand(entryConfirmed(activity.id, userId, product.id)))
  const settings = isolatedWorkerSettings({ batchSize: 5, maxDeliveries: 3, reclaimIdleMs: 200 })
  const topic = settings.topic
  const deadLetters = await readTopic(bus, dlqTopic(topic))
  const tallies: CommandTally[] = []

  const workers = startCommandWorkers({
    size: 1,
    settings,
    log,
    onTally: (tally) => tallies.push(tally),
  })
  await workers.ready()
  await bus.publish(topic, [poison, ...good].map((value) => ({ value })))

  await waitFor(async () => (await countEntries(pool, activity.id)) === good.length, { what: 'the commands behind the poison one' })
  await waitFor(() => deadLetters.messages.length === 1, { timeoutMs: 20_000, what: 'the poison command in the DLQ' })
  await workers.stop()
  await deadLetters.stop()

  const [dead] = deadLetters.messages
  expect(dead!.value).toBe(poison)
  expect(dead!.headers[dlqHeaders.reason]).toContain('activity 999999999 is not in MySQL')
  expect(dead!.headers[dlqHeaders.deliveries]).toBe('3')
  expect(dead!.headers[dlqHeaders.sourceTopic]).toBe(topic)
  const total = (key: 'applied' | 'retried' | 'deadLettered') => tallies.reduce((sum, t) => sum + t[key], 0)
  expect({ applied: total('applied'), retried: total('retried'), deadLettered: total('deadLettered') }).toEqual({
    applied: good.length,
    retried: 2,
    deadLettered: 1,
  })
})
