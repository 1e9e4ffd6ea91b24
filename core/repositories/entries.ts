/** Confirmed FCFS entries: one per shopper per activity, one per command (the idempotency key). */
import type { RowDataPacket } from '../../common/clients/mysql'
import { isDuplicateKey, type Db } from './db'

export interface NewEntry {
  activityId: number
  userId: number
  commandId: string
  reservationToken: string
  orderId: string
  confirmedAt: Date
}

/** `duplicate-command`: this command was applied before; `already-entered`: another command entered this shopper. */
export type EntryInsert = 'inserted' | 'duplicate-command' | 'already-entered'

export async function insertEntry(db: Db, entry: NewEntry): Promise<EntryInsert> {
  try {
    await db.query(
      `INSERT INTO campaign_activity_entries (campaign_activity_id, user_id, command_id, reservation_token, order_id, confirmed_at)
       VALUES (?, ?, ?, ?, ?, ?)`,
      [entry.activityId, entry.userId, entry.commandId, entry.reservationToken, entry.orderId, entry.confirmedAt],
    )
    return 'inserted'
  } catch (error) {
    if (isDuplicateKey(error, 'uq_entries_command')) return 'duplicate-command'
    if (isDuplicateKey(error, 'uq_entries_activity_user')) return 'already-entered'
    throw error
  }
}

export async function countEntries(db: Db, activityId: number): Promise<number> {
  const [[row]] = await db.query<RowDataPacket[]>('SELECT COUNT(*) AS n FROM campaign_activity_entries WHERE campaign_activity_id = ?', [
    activityId,
  ])
  return Number(row?.n ?? 0)
}

/** The shoppers with a confirmed entry (the retirement job checks Redis's confirmed shoppers against them). */
export async function listEntrantIds(db: Db, activityId: number): Promise<number[]> {
  const [rows] = await db.query<RowDataPacket[]>('SELECT user_id FROM campaign_activity_entries WHERE campaign_activity_id = ?', [
    activityId,
  ])
  return rows.map((r) => Number(r.user_id))
}

/** A confirmed entry with what its confirm answered the shopper; `amount` is null without a purchase row. */
export interface EntrantConfirmation {
  entryId: number
  userId: number
  reservationToken: string
  orderId: string
  confirmedAt: Date
  amount: number | null
}

/**
 * The activity's confirmed entries after `afterEntryId` (0: from the first), at most `limit`, in
 * entry order, each with its purchase's price: for rebuilding Redis after Redis lost them, a page
 * at a time (an activity may have millions).
 */
export async function listConfirmations(db: Db, activityId: number, afterEntryId: number, limit: number): Promise<EntrantConfirmation[]> {
  const [rows] = await db.query<RowDataPacket[]>(
    `SELECT e.id, e.user_id, e.reservation_token, e.order_id, e.confirmed_at, p.price
       FROM campaign_activity_entries e LEFT JOIN purchases p ON p.order_id = e.order_id
      WHERE e.campaign_activity_id = ? AND e.id > ? ORDER BY e.id LIMIT ?`,
    [activityId, afterEntryId, limit],
  )
  return rows.map((r) => ({
    entryId: Number(r.id),
    userId: Number(r.user_id),
    reservationToken: String(r.reservation_token),
    orderId: String(r.order_id),
    confirmedAt: r.confirmed_at as Date,
    amount: r.price === null ? null : Number(r.price),
  }))
}
