/**
 * The transactional outbox: rows written in the same transaction as the state they describe, and
 * published to the bus by the relay after commit.
 */
import type { ResultSetHeader, RowDataPacket } from '../../common/clients/mysql'
import type { Db } from './db'

export interface OutboxMessage {
  topic: string
  key: string | null
  payload: string
}

export interface PendingOutboxMessage extends OutboxMessage {
  id: number
}

export async function insertOutboxMessage(db: Db, message: OutboxMessage): Promise<number> {
  const [result] = await db.query<ResultSetHeader>('INSERT INTO outbox (topic, message_key, payload) VALUES (?, ?, ?)', [
    message.topic,
    message.key,
    message.payload,
  ])
  return result.insertId
}

export async function insertOutboxMessages(db: Db, messages: readonly OutboxMessage[]): Promise<void> {
  if (!messages.length) return
  await db.query('INSERT INTO outbox (topic, message_key, payload) VALUES ?', [messages.map((m) => [m.topic, m.key, m.payload])])
}

/**
 * The ids of the oldest unpublished rows no other transaction holds. SKIP LOCKED lets several
 * relays (one per core instance) claim side by side without waiting on each other.
 */
export async function unpublishedCandidates(db: Db, limit: number): Promise<number[]> {
  const [rows] = await db.query<RowDataPacket[]>(
    'SELECT id FROM outbox WHERE published_at IS NULL ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED',
    [limit],
  )
  return rows.map((r) => Number(r.id))
}

/**
 * Locks the candidates by primary key, waiting for any other holder, and keeps those still
 * unpublished: whatever SKIP LOCKED let through that another relay had taken is dropped here.
 * The filter is applied here rather than in SQL so the lookup stays on the primary key; on the
 * published_at index it would lock (and wait for) rows outside the candidates.
 */
export async function lockUnpublished(db: Db, ids: readonly number[]): Promise<PendingOutboxMessage[]> {
  if (!ids.length) return []
  const [rows] = await db.query<RowDataPacket[]>(
    'SELECT id, topic, message_key, payload, published_at FROM outbox WHERE id IN (?) ORDER BY id FOR UPDATE',
    [ids],
  )
  return rows
    .filter((r) => r.published_at === null)
    .map((r) => ({ id: Number(r.id), topic: r.topic, key: r.message_key, payload: r.payload }))
}

export async function markPublished(db: Db, ids: readonly number[]): Promise<void> {
  if (!ids.length) return
  await db.query('UPDATE outbox SET published_at = CURRENT_TIMESTAMP(3) WHERE id IN (?)', [ids])
}
