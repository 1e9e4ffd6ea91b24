/**
 * The bulk path for large generated loads (the 10-million-event benchmark): a chunk of events in
 * one transaction, raw rows by multi-row INSERT IGNORE of thousands of rows each, then the
 * rollups and identity links built once for the whole chunk in SQL (rollups-from-events.ts)
 * instead of per batch in the client. It leaves the store as `write` would — duplicates, in the
 * chunk or already stored, counted once, by the same write-id mark — but it does not split a
 * chunk to find an event MySQL refuses: a data error fails the chunk whole.
 */
import { inTransaction, type Pool, type RowDataPacket } from '../../../common/clients/mysql'
import type { BehaviorEvent } from '../../../common/schemas/behavior-event'
import type { WriteResult } from '../port'
import { cutIntoRequests } from '../storable'
import { insertNewEvents, openWrite } from './events-repository'
import { addLinksOf, addRollupsOf, bothScopes } from './rollups-from-events'

/** Larger statements than a sink's write: fewer round trips, still far below max_allowed_packet. */
const statementLimits = { count: 5000, bytes: 8 * 1024 * 1024 }

/**
 * Rows the rollups are built from per statement: their GROUP BY stays within an in-memory
 * temporary table (tmp_table_size, 16 MiB by default) instead of spilling to one on disk.
 */
const defaultRollupSlice = 10_000

export async function bulkLoadEvents(pool: Pool, events: readonly BehaviorEvent[], { rollupSlice = defaultRollupSlice } = {}): Promise<WriteResult> {
  const distinct = [...new Map(events.map((e) => [e.eventId, e])).values()]
  if (!distinct.length) return { written: 0, duplicates: events.length }
  const written = await inTransaction(
    pool,
    async (conn) => {
      const writeId = await openWrite(conn, distinct.length)
      let inserted = 0
      let firstId = 0
      for (const chunk of cutIntoRequests(distinct, statementLimits)) {
        const statement = await insertNewEvents(conn, writeId, chunk)
        inserted += statement.inserted
        if (statement.inserted && !firstId) firstId = statement.firstId
      }
      if (!inserted) return 0
      // this load's rows: a range of the primary key, told from other writers' by their mark
      const [[last]] = await conn.query<RowDataPacket[]>('SELECT MAX(id) AS id FROM behavior_events')
      for (let from = firstId; from <= Number(last!.id); from += rollupSlice) {
        const ours = { where: 'e.id BETWEEN ? AND ? AND e.write_id = ?', values: [from, from + rollupSlice - 1, writeId] }
        await addLinksOf(conn, ours.where, ours.values)
        await addRollupsOf(conn, bothScopes(ours.where, ours.values))
      }
      return inserted
    },
    { isolation: 'READ COMMITTED' },
  )
  return { written, duplicates: events.length - written }
}
