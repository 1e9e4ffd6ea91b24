/**
 * Reservations: one row per hold token, its life recorded from the hold recorder (the holds still
 * live in Redis, activity-state/hold-recorder.ts), the gateway's end events and the ENTRY_CONFIRMED
 * command. Every write is an upsert that may arrive in any order and more than once: the times a
 * hold was taken and would expire come from the token and Redis, so every writer that knows them
 * has the same ones and the first to arrive stays (a time-travelled row is not put back); a held
 * record never touches the status of a row already ended; an end never replaces another end,
 * except CONFIRMED, which wins (money was taken).
 */
import type { ResultSetHeader, RowDataPacket } from '../../common/clients/mysql'
import { heldAtOfToken } from '../../common/redis/keys'
import type { Db } from './db'

export type ReservationStatus = 'HELD' | 'CONFIRMED' | 'CANCELLED' | 'EXPIRED'
export type ReservationEnd = Exclude<ReservationStatus, 'HELD'>

interface Hold {
  token: string
  activityId: number
  userId: number
}


const keepFirstTimes = 'held_at = COALESCE(held_at, VALUES(held_at)), expires_at = COALESCE(expires_at, VALUES(expires_at))'

/** Holds still live, in one statement; the recorder knows no expiry (null), a taken event does. */
export async function recordHeld(db: Db, holds: ReadonlyArray<Hold & { heldAt: Date; expiresAt?: Date }>): Promise<void> {
  if (!holds.length) return
  await db.query(
    `INSERT INTO reservations (token, campaign_activity_id, user_id, held_at, expires_at, status) VALUES ?
     ON DUPLICATE KEY UPDATE ${keepFirstTimes}`,
    [holds.map((h) => [h.token, h.activityId, h.userId, h.heldAt, h.expiresAt ?? null, 'HELD'])],
  )
}

/**
 * A hold's end, with the time it was taken (from its token) and its expiry, when known: a token
 * issued before it carried the time, or an end written before the expiry was added, has none.
 * ended_at is assigned before status: MariaDB evaluates the assignments left to right.
 */
export async function recordEnded(db: Db, hold: Hold & { expiresAt?: Date | undefined; status: ReservationEnd; endedAt: Date }): Promise<void> {
  const replaces = `(status = 'HELD' OR (VALUES(status) = 'CONFIRMED' AND status <> 'CONFIRMED'))`
  await db.query(
    `INSERT INTO reservations (token, campaign_activity_id, user_id, held_at, expires_at, status, ended_at) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON DUPLICATE KEY UPDATE ${keepFirstTimes},
                             ended_at = IF(${replaces}, VALUES(ended_at), ended_at),
                             status = IF(${replaces}, VALUES(status), status)`,
    [hold.token, hold.activityId, hold.userId, heldAtOfToken(hold.token) ?? null, hold.expiresAt ?? null, hold.status, hold.endedAt],
  )
}

/**
 * Holds Redis no longer has (it lost its data, or the activity was retired and is published
 * again) end as EXPIRED: their units are counted free again. Returns how many.
 */
export async function expireLostHolds(db: Db, activityId: number, at: Date): Promise<number> {
  const [result] = await db.query<ResultSetHeader>(
    `UPDATE reservations SET ended_at = ?, status = 'EXPIRED' WHERE campaign_activity_id = ? AND status = 'HELD'`,
    [at, activityId],
  )
  return result.affectedRows
}

export interface ReservationRow extends Hold {
  status: ReservationStatus
  heldAt: Date | null
  expiresAt: Date | null
  endedAt: Date | null
}

export async function listReservations(db: Db, activityId: number): Promise<ReservationRow[]> {
  const [rows] = await db.query<RowDataPacket[]>(
    'SELECT token, campaign_activity_id, user_id, status, held_at, expires_at, ended_at FROM reservations WHERE campaign_activity_id = ? ORDER BY token',
    [activityId],
  )
  return rows.map((r) => ({
    token: r.token,
    activityId: Number(r.campaign_activity_id),
    userId: Number(r.user_id),
    status: r.status,
    heldAt: r.held_at,
    expiresAt: r.expires_at,
    endedAt: r.ended_at,
  }))
}
