/**
 * Applies one ENTRY_CONFIRMED command to MySQL in one transaction: the shopper (if new), the
 * entry, the purchase, the reservation CONFIRMED, and an outbox row carrying the PURCHASE event.
 * The entry's unique command_id makes a redelivered command change nothing.
 */
import { inTransaction, retryDeadlocks, type Pool, type PoolConnection } from '../../common/clients/mysql'
import type { EntryConfirmed } from '../../common/codecs/entry-command'
import { findActivity } from '../repositories/activities'
import { insertEntry } from '../repositories/entries'
import { insertOutboxMessage } from '../repositories/outbox'
import { insertPurchase } from '../repositories/purchases'
import { recordEnded } from '../repositories/reservations'
import { insertShopperIfAbsent } from '../repositories/users'
import { purchaseEvent } from './purchase-event'

/**
 * - applied: written.
 * - duplicate: this command was applied before.
 * - unknown-activity: MySQL has no such activity (yet, perhaps: it may be retried).
 * - conflict: another command already entered this shopper or recorded this order; never applies.
 */
export type ApplyResult =
  | { kind: 'applied' }
  | { kind: 'duplicate' }
  | { kind: 'unknown-activity' }
  | { kind: 'conflict'; reason: string }

/** Thrown inside the transaction so it rolls back what it wrote before the conflict showed. */
class Conflict extends Error {}

/** Concurrent entries for new shoppers can deadlock on the users/entries indexes (retried whole). */
export async function applyEntryConfirmed(pool: Pool, command: EntryConfirmed, eventTopic: string): Promise<ApplyResult> {
  try {
    return await retryDeadlocks(() => applyOnce(pool, command, eventTopic), { attempts: 3 })
  } catch (error) {
    if (!(error instanceof Conflict)) throw error
    // the entry is refused, but the hold was paid for in Redis all the same: its life is recorded,
    // or a hold that only this command ended would be missing from the approved figures
    await retryDeadlocks(() => recordConfirmedHold(pool, command))
    return { kind: 'conflict', reason: error.message }
  }
}

function recordConfirmedHold(db: Pool | PoolConnection, command: EntryConfirmed) {
  return recordEnded(db, {
    token: command.reservationToken, activityId: command.activityId, userId: command.userId, status: 'CONFIRMED',
    endedAt: new Date(command.confirmedAt), expiresAt: command.holdExpiresAt,
  })
}

function applyOnce(pool: Pool, command: EntryConfirmed, eventTopic: string): Promise<ApplyResult> {
  return inTransaction(pool, async (conn) => {
    const activity = await findActivity(conn, command.activityId)
    if (!activity) return { kind: 'unknown-activity' }
    await insertShopperIfAbsent(conn, command.userId)
    const confirmedAt = new Date(command.confirmedAt)
    const entry = await insertEntry(conn, { ...command, confirmedAt })
    if (entry === 'duplicate-command') return { kind: 'duplicate' }
    if (entry === 'already-entered') throw new Conflict(`shopper ${command.userId} already has an entry in activity ${command.activityId}`)
    const purchase = await insertPurchase(conn, {
      orderId: command.orderId,
      activityId: activity.id,
      userId: command.userId,
      productId: activity.productId,
      price: command.amount,
      purchasedAt: confirmedAt,
    })
    if (purchase === 'duplicate-order') throw new Conflict(`order ${command.orderId} is already recorded`)
    await recordConfirmedHold(conn, command)
    const event = purchaseEvent(command, activity)
    await insertOutboxMessage(conn, { topic: eventTopic, key: String(command.userId), payload: JSON.stringify(event) })
    return { kind: 'applied' }
  })
}
