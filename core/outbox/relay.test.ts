import { afterAll, expect, test } from 'bun:test'
import { randomUUID } from 'node:crypto'
import { inTransaction, type RowDataPacket } from '../../common/clients/mysql'
import { testPool } from '../../test/support/clients'
import { entryConfirmed } from '../../test/support/commands'
import { closeCoreTestClients, freshUserIds, testBus, testCoreApp } from '../../test/support/core-app'
import { recordingLog } from '../../test/support/recording-log'
import { readTopic } from '../../test/support/topic-reader'
import { waitFor } from '../../test/support/wait'
import { insertOutboxMessage } from '../repositories/outbox'
import { applyEntryConfirmed } from '../workers/apply-entry'
import { relayOutboxBatch, startOutboxRelay } from './relay'

const { openActivity, pool } = testCoreApp()
const bus = testBus()
afterAll(closeCoreTestClients)

/** Each test publishes to a topic of its own, so relays of other test files cannot interfere. */
const freshTopic = () => `test.event.raw.${randomUUID()}`

test('a PURCHASE event row is published after commit, exactly once per order with two relays running', async () => {
  const topic = freshTopic()
  const reader = await readTopic(bus, topic)
  const { activity, product } = await openActivity({ limit: 300 })
  const commands = freshUserIds(300).map((userId) => entryConfirmed(activity.id, userId, product.id))

  // a relay round that fails after publishing publishes its batch again: none may fail here
  const { log, problems } = recordingLog()
  const relays = [testPool(4), testPool(4)].map((relayPool) => startOutboxRelay({ pool: relayPool, bus, log, pollMs: 20, batchSize: 25 }))
  for (const command of commands) await applyEntryConfirmed(pool, command, topic)
  await waitFor(() => reader.messages.length >= commands.length, { what: 'all PURCHASE events on the topic' })
  await Promise.all(relays.map((r) => r.stop()))
  await reader.stop()
  expect(problems()).toEqual([])

  const eventIds = reader.messages.map((m) => JSON.parse(m.value).eventId)
  expect(eventIds).toHaveLength(commands.length)
  expect(new Set(eventIds)).toEqual(new Set(commands.map((c) => `backend:purchase-${c.orderId}`)))
  const [unpublished] = await pool.query<RowDataPacket[]>('SELECT COUNT(*) AS n FROM outbox WHERE topic = ? AND published_at IS NULL', [topic])
  expect(Number(unpublished[0]!.n)).toBe(0)
})

test('a row is not published before its transaction commits', async () => {
  const topic = freshTopic()
  const reader = await readTopic(bus, topic)
  let resume!: () => void
  const paused = new Promise<void>((resolve) => (resume = resolve))
  let written!: () => void
  const rowWritten = new Promise<void>((resolve) => (written = resolve))
  const transaction = inTransaction(pool, async (conn) => {
    await insertOutboxMessage(conn, { topic, key: null, payload: JSON.stringify({ eventId: 'uncommitted' }) })
    written()
    await paused
  })
  await rowWritten
  // Relay rounds run while the row is uncommitted: none of them may take it.
  for (let round = 0; round < 3; round++) await relayOutboxBatch(pool, bus, 1000)
  resume()
  await transaction
  const [rows] = await pool.query<RowDataPacket[]>('SELECT published_at FROM outbox WHERE topic = ?', [topic])
  expect(rows).toEqual([{ published_at: null }] as never)
  await relayOutboxBatch(pool, bus, 1000)
  await waitFor(() => reader.messages.length === 1, { what: 'the committed row on the topic' })
  await reader.stop()
  expect(JSON.parse(reader.messages[0]!.value)).toEqual({ eventId: 'uncommitted' })
})
