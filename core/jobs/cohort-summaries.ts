/**
 * Keeps the per-customer cohort summaries up to date (migration 0003). Triggers on `purchases`
 * record whose purchases changed; each run takes those changes a chunk at a time and recomputes
 * the customers concerned from all their purchases, in one transaction per chunk that also deletes
 * the changes it saw. Recomputing from scratch makes a run idempotent and a crash harmless: a chunk
 * is applied whole or not at all, and its changes stay for the next run.
 *
 * One core at a time runs it (a named lock); the others skip the run.
 */
import type { Pool, PoolConnection, RowDataPacket } from '../../common/clients/mysql'
import {
  changedCustomers,
  changeIdsOf,
  deleteChanges,
  purchasesOf,
  replaceSummaries,
  summariesTimeZone,
  switchSummariesTimeZone,
} from '../repositories/cohort-summaries'
import { summariseCustomer } from './cohort-summary'

export interface CohortSummaryOptions {
  /** the shop time zone acquisition days and calendar offsets are counted in */
  timeZone: string
  /** purchase changes taken per chunk (one transaction) */
  chunkRows?: number
  /** ends the run after the chunk in hand (a shutdown need not wait for a long backlog) */
  signal?: AbortSignal
}

export interface CohortSummaryRun {
  /** false when another process held the job's lock */
  ran: boolean
  chunks: number
  /** change rows consumed */
  changes: number
  customers: number
  /** purchases read to recompute them */
  rows: number
}

const lockName = 'axon_cohort_summaries'

export async function refreshCohortSummaries(pool: Pool, options: CohortSummaryOptions): Promise<CohortSummaryRun> {
  const run: CohortSummaryRun = { ran: false, chunks: 0, changes: 0, customers: 0, rows: 0 }
  const conn = await pool.getConnection()
  try {
    const [[lock]] = await conn.query<RowDataPacket[]>('SELECT GET_LOCK(?, 0) AS got', [lockName])
    if (lock?.got !== 1) return run
    run.ran = true
    try {
      await followTimeZone(conn, options.timeZone)
      const chunkRows = options.chunkRows ?? 2000
      // a chunk that is not full took the last changes there were when it began
      for (let taken = chunkRows; taken === chunkRows && !options.signal?.aborted; ) {
        taken = await summariseChunk(conn, chunkRows, options.timeZone, run)
      }
    } finally {
      await conn.query('SELECT RELEASE_LOCK(?)', [lockName])
    }
    return run
  } finally {
    conn.release()
  }
}

async function followTimeZone(conn: PoolConnection, zone: string) {
  const stored = await summariesTimeZone(conn)
  if (stored === zone) return
  await conn.beginTransaction()
  try {
    // before the first run the migration has queued every customer already
    await switchSummariesTimeZone(conn, zone, stored !== undefined)
    await conn.commit()
  } catch (error) {
    await conn.rollback().catch(() => {})
    throw error
  }
}

/** Recomputes the customers of the oldest `chunkRows` changes; returns how many changes it took. */
async function summariseChunk(conn: PoolConnection, chunkRows: number, zone: string, run: CohortSummaryRun): Promise<number> {
  await conn.beginTransaction()
  try {
    // every read below sees one snapshot, so the changes deleted are exactly those the summaries include
    const { users, changes } = await changedCustomers(conn, chunkRows)
    if (!users.length) {
      await conn.commit()
      return 0
    }
    const changeIds = await changeIdsOf(conn, users)
    const purchases = await purchasesOf(conn, users)
    const summaries = users.flatMap((userId) => summariseCustomer(userId, purchases.get(userId)!, zone))
    await replaceSummaries(conn, users, summaries)
    await deleteChanges(conn, changeIds)
    await conn.commit()
    run.chunks++
    run.changes += changeIds.length
    run.customers += users.length
    for (const list of purchases.values()) run.rows += list.length
    return changes
  } catch (error) {
    await conn.rollback().catch(() => {})
    throw error
  }
}
