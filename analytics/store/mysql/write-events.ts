/**
 * Storing a batch of behaviour events exactly once, even when sinks write overlapping batches at
 * the same time or a batch is delivered again after a crash.
 *
 * The scheme: one READ COMMITTED transaction per batch
 *   1. opens a write (behavior_writes), whose auto-increment id no stored row carries yet;
 *   2. INSERT IGNOREs the batch's distinct events, each row marked with that write id;
 *   3. takes as "new" exactly the rows carrying its mark, and counts them in SQL, in the same
 *      transaction (rollups-from-events.ts countWrite): their identity links (earliest wins), then,
 *      of those that count (rollup-keys.ts isCounted), each visitor's first time per hour and
 *      trigger type (ON DUPLICATE KEY UPDATE first_at = LEAST) and the counts per hour (INSERT …
 *      ON DUPLICATE KEY UPDATE events = events + n). Built from the stored rows, the rollups never
 *      travel over the wire as rows of their own.
 *
 * Why that counts every event once: the unique key on event_id admits one row per event. When two
 * transactions insert the same id, InnoDB makes the second wait on the first's row lock: if the
 * first commits, the second finds a duplicate and skips it (no mark of its own, not counted); if
 * the first rolls back, the second inserts it and counts it. A row and its counts commit or roll
 * back together, so a sink killed mid-write leaves neither, and its redelivered batch counts what
 * was not committed and nothing else. At every commit the rollups equal the raw rows, aggregated.
 *
 * Locks are taken in one order by every writer (event ids sorted, rollup keys sorted), so writers
 * queue instead of deadlocking; the deadlocks InnoDB can still report (gap locks of its duplicate
 * checks) roll the transaction back whole, and it is run again.
 *
 * An event MySQL refuses (a data error: a value its column cannot hold, which the checks before
 * the write did not foresee) fails its batch's transaction whole. The batch is then written again
 * in halves, down to the one event that fails alone, which is refused with MySQL's message; each
 * part is its own transaction, so every other event is stored, once. Any other error (the server
 * down, a missing table) says nothing about the events and reaches the caller, which retries.
 */
import { inTransaction, retryDeadlocks, type Pool, type PoolConnection } from '../../../common/clients/mysql'
import type { BehaviorEvent } from '../../../common/schemas/behavior-event'
import { EventsRefused, type WriteResult } from '../port'
import { cutIntoRequests } from '../storable'
import { isDataRefusal } from './data-refusal'
import { insertNewEvents, openWrite } from './events-repository'
import { countWrite } from './rollups-from-events'

/**
 * One INSERT takes hundreds of rows, and at most 2 MiB: a server refuses a statement over its
 * max_allowed_packet (4 MiB by default on MySQL 5.7, 16 MiB on MariaDB).
 */
const statementLimits = { count: 500, bytes: 2 * 1024 * 1024 }

export async function writeEvents(pool: Pool, events: readonly BehaviorEvent[]): Promise<WriteResult> {
  const distinct = [...new Map(events.map((e) => [e.eventId, e])).values()].sort((a, b) => compare(a.eventId, b.eventId))
  if (!distinct.length) return { written: 0, duplicates: events.length }
  const { written, refused } = await storeIsolatingRefusals(pool, distinct)
  const offered = refused.size ? events.filter((e) => !refused.has(e.eventId)).length : events.length
  const result = { written, duplicates: offered - written }
  if (refused.size) throw new EventsRefused(`MySQL refused ${refused.size} event(s) of the batch: ${[...refused.values()][0]}`, refused, result)
  return result
}

/** The batch in one transaction; if MySQL refuses its data, each half again, down to single events. */
async function storeIsolatingRefusals(pool: Pool, events: readonly BehaviorEvent[]): Promise<{ written: number; refused: Map<string, string> }> {
  try {
    const written = await retryDeadlocks(() => inTransaction(pool, (conn) => storeNew(conn, events), { isolation: 'READ COMMITTED' }))
    return { written, refused: new Map() }
  } catch (error) {
    if (!isDataRefusal(error)) throw error
    if (events.length === 1) return { written: 0, refused: new Map([[events[0]!.eventId, `MySQL refused it: ${(error as Error).message}`]]) }
    const half = Math.ceil(events.length / 2)
    const first = await storeIsolatingRefusals(pool, events.slice(0, half))
    const second = await storeIsolatingRefusals(pool, events.slice(half))
    return { written: first.written + second.written, refused: new Map([...first.refused, ...second.refused]) }
  }
}

async function storeNew(conn: PoolConnection, events: readonly BehaviorEvent[]): Promise<number> {
  const writeId = await openWrite(conn, events.length)
  let inserted = 0
  let firstId = 0
  for (const chunk of cutIntoRequests(events, statementLimits)) {
    const statement = await insertNewEvents(conn, writeId, chunk)
    inserted += statement.inserted
    if (statement.inserted && !firstId) firstId = statement.firstId
  }
  if (inserted) await countWrite(conn, writeId, firstId)
  return inserted
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)
