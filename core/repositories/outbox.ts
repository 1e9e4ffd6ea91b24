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

/**
 * Locks the oldest unpublished rows for this transaction. SKIP LOCKED lets several relays (one per
 * core instance) work side by side: each takes rows no other relay holds, none waits, none doubles.
 */
export async function claimUnpublished(db: Db, limit: number): Promise<PendingOutboxMessage[]> {
  const [rows] = await db.query<RowDataPacket[]>(
    'SELECT id, topic, message_key, payload FROM outbox WHERE published_at IS NULL ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED',
    [limit],
  )
  return rows.map((r) => ({ id: Number(r.id), topic: r.topic, key: r.message_key, payload: r.payload }))
}

export async function markPublished(db: Db, ids: readonly number[]): Promise<void> {
  if (!ids.length) return
  await db.query('UPDATE outbox SET published_at = CURRENT_TIMESTAMP(3) WHERE id IN (?)', [ids])
}
