/**
 * A paid entry is never dead-lettered because MySQL was unavailable for a moment: a command whose
 * transaction loses its connection (KILL, as a failover or a proxy cutting sessions does), or that
 * meets a read-only server (a primary demoted during a failover), is retried in place until it
 * applies. maxDeliveries is 1 here, so a single delivery counted against the command would
 * dead-letter it.
 */
import { afterAll, expect, test } from 'bun:test'
import { dlqTopic } from '../common/topics'
import { createMysqlPool, type Pool, type RowDataPacket } from '../common/clients/mysql'
import type { BatchHandler } from '../common/bus/port'
import { encodeEntryCommand } from '../common/codecs/entry-command'
import { createLogger } from '../common/log'
import { countEntries } from '../core/repositories/entries'
import type { CommandTally } from '../core/metrics'
import { createCommandHandler } from '../core/workers/command-handler'
import { entryConfirmed, isolatedWorkerSettings } from './support/commands'
import { closeCoreTestClients, freshUserIds, testBus, testCoreApp } from './support/core-app'
import { mysqlUserOfItsOwn } from './support/mysql-user'
import { readTopic } from './support/topic-reader'
import { waitFor } from './support/wait'

const { openActivity, pool } = testCoreApp()
const bus = testBus()
afterAll(() => closeCoreTestClients())

/** Runs core's command handler on a topic of its own with `workerPool`, counting its attempts. */
async function commandWorker(workerPool: Pool) {
  const settings = isolatedWorkerSettings({ maxDeliveries: 1, reclaimIdleMs: 300 })
  const tallies: CommandTally[] = []
  const inner = createCommandHandler({ pool: workerPool, eventTopic: settings.eventTopic, concurrency: 1, maxDeliveries: 1, log: createLogger({}, 'error'), onTally: (t) => tallies.push(t), recheckVerdicts: async () => {} })
  let attempts = 0
  const handler: BatchHandler = (batch) => (attempts++, inner(batch))
  const deadLetters = await readTopic(bus, dlqTopic(settings.topic))
  const subscription = await bus.subscribe({ ...settings, consumer: 'outage-test', handler, blockMs: 50 })
  return {
    topic: settings.topic,
    attempts: () => attempts,
    deadLettered: () => tallies.reduce((n, t) => n + t.deadLettered, 0),
    deadLetters: deadLetters.messages,
    stop: () => Promise.all([subscription.stop(), deadLetters.stop()]),
  }
}

async function oneCommand() {
  const { activity, product } = await openActivity()
  const [userId] = freshUserIds(1)
  return { activity, userId: userId!, command: entryConfirmed(activity.id, userId!, product.id) }
}

for (const kill of ['KILL QUERY', 'KILL CONNECTION']) {
  test(`a command whose transaction is killed (${kill}) is retried and applied, not dead-lettered`, async () => {
    const { activity, userId, command } = await oneCommand()
    const workerPool = createMysqlPool({ connectionLimit: 1 })
    // another transaction holds the shopper's row, so the command's transaction waits where it can be killed
    const blocker = await pool.getConnection()
    await blocker.beginTransaction()
    await blocker.query('INSERT INTO users (id) VALUES (?)', [userId])
    const worker = await commandWorker(workerPool)
    try {
      await bus.publish(worker.topic, [{ key: String(userId), value: encodeEntryCommand(command) }])
      let waiting: number | undefined
      await waitFor(async () => {
        const [rows] = await pool.query<RowDataPacket[]>('SELECT ID AS id FROM information_schema.PROCESSLIST WHERE INFO LIKE ?', [`INSERT IGNORE INTO users%${userId}%`])
        waiting = rows[0]?.id
        return waiting !== undefined
      }, { what: "the command's transaction to wait on the shopper's row" })
      await pool.query(`${kill} ${Number(waiting)}`)
      await waitFor(() => worker.attempts() >= 2 || worker.deadLetters.length > 0, { what: 'the handler to be offered the command again' })
      await blocker.rollback()
      await waitFor(async () => (await countEntries(pool, activity.id)) === 1 || worker.deadLetters.length > 0, { what: 'the entry' })
    } finally {
      // never back to the pool with the transaction open: it would hold the shopper's row
      await blocker.rollback().catch(() => {})
      blocker.release()
      await worker.stop()
      await workerPool.end()
    }
    expect([worker.deadLettered(), worker.deadLetters.length]).toEqual([0, 0])
    expect(await countEntries(pool, activity.id)).toBe(1)
  })
}

test('a command meeting a read-only MySQL (a demoted primary) is retried until it is writable again, not dead-lettered', async () => {
  const { activity, userId, command } = await oneCommand()
  // read_only stops every user without SUPER: a user of the test's own (root is exempt)
  const user = await mysqlUserOfItsOwn(pool, 'axon_failover')
  const workerPool = createMysqlPool({ url: user.url, connectionLimit: 1 })
  const worker = await commandWorker(workerPool)
  await pool.query('SET GLOBAL read_only = 1')
  try {
    await bus.publish(worker.topic, [{ key: String(userId), value: encodeEntryCommand(command) }])
    await waitFor(() => worker.attempts() >= 3 || worker.deadLetters.length > 0, { what: 'the command to be refused a few times' })
    expect(await countEntries(pool, activity.id)).toBe(0)
    await pool.query('SET GLOBAL read_only = 0')
    await waitFor(async () => (await countEntries(pool, activity.id)) === 1 || worker.deadLetters.length > 0, { what: 'the entry' })
  } finally {
    await pool.query('SET GLOBAL read_only = 0')
    await worker.stop()
    await workerPool.end()
    await user.drop()
  }
  expect([worker.deadLettered(), worker.deadLetters.length]).toEqual([0, 0])
  expect(await countEntries(pool, activity.id)).toBe(1)
})
