/**
 * Storing a batch of behaviour events exactly once, even when sinks write overlapping batches at
 * the same time or a batch is delivered again after a crash.
 *
 * The scheme: one READ COMMITTED transaction per batch
 *   1. opens a write (behavior_writes), whose auto-increment id no stored row carries yet;
 *   2. INSERT IGNOREs the batch's distinct events, each row marked with that write id;
 *   3. takes as "new" exactly the rows carrying its mark (when the statement inserted every row,
 *      all of them; otherwise it reads the marks of the batch's ids back);
 *   4. adds the identity links of the new events (earliest wins), then, of the new events that
 *      count (rollup-keys.ts isCounted), each visitor's first time per hour and trigger type (ON
 *      DUPLICATE KEY UPDATE first_at = LEAST) and the counts per hour (INSERT … ON DUPLICATE KEY
 *      UPDATE events = events + n).
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
import { hourStart, isCounted, linkOf, scopesOf, visitorOf } from '../rollup-keys'
import { isDataRefusal } from './data-refusal'
import { eventIdsInsertedBy, insertNewEvents, openWrite } from './events-repository'
import { addIdentityLinks, addPeopleHours, type IdentityLink, type PersonHour } from './people-repository'
import { addHourlyCounts, type HourlyIncrement } from './rollups-repository'

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
  const inserted: BehaviorEvent[] = []
  for (const chunk of cutIntoRequests(events, statementLimits)) {
    const { inserted: added } = await insertNewEvents(conn, writeId, chunk)
    if (added === chunk.length) inserted.push(...chunk)
    else if (added > 0) {
      const ours = await eventIdsInsertedBy(conn, writeId, chunk.map((e) => e.eventId))
      inserted.push(...chunk.filter((e) => ours.has(e.eventId)))
    }
  }
  await addIdentityLinks(conn, identityLinks(inserted))
  const counted = inserted.filter(isCounted)
  await addPeopleHours(conn, peopleHours(counted))
  // last: every writer adds to the same few counters of the current hour, so their row locks are
  // held only from here to the commit
  await addHourlyCounts(conn, hourlyIncrements(counted))
  return inserted.length
}

const compare = (a: string | number, b: string | number) => (a < b ? -1 : a > b ? 1 : 0)

function hourlyIncrements(events: readonly BehaviorEvent[]): HourlyIncrement[] {
  const increments = new Map<string, HourlyIncrement>()
  for (const event of events) {
    const hour = hourStart(event.occurredAt)
    for (const { kind, id } of scopesOf(event)) {
      const key = `${kind}|${id}|${hour.getTime()}|${event.triggerType}`
      const increment = increments.get(key)
      if (increment) increment.events++
      else increments.set(key, { kind, id, hour, triggerType: event.triggerType, events: 1 })
    }
  }
  return [...increments.values()].sort(
    (a, b) => compare(a.kind, b.kind) || a.id - b.id || a.hour.getTime() - b.hour.getTime() || compare(a.triggerType, b.triggerType),
  )
}

/** Per anonymous id the batch's earliest link (occurredAt, then eventId), in key order. */
function identityLinks(events: readonly BehaviorEvent[]): IdentityLink[] {
  const links = new Map<string, IdentityLink & { at: number }>()
  for (const event of events) {
    const link = linkOf(event)
    if (!link) continue
    const at = Date.parse(event.occurredAt)
    const known = links.get(link.visitor)
    if (!known || at < known.at || (at === known.at && event.eventId < known.eventId))
      links.set(link.visitor, { ...link, linkedAt: event.occurredAt, eventId: event.eventId, at })
  }
  return [...links.values()].sort((a, b) => compare(a.visitor, b.visitor))
}

/** Per scope, trigger type, hour and visitor the batch's earliest event, in key order. */
function peopleHours(events: readonly BehaviorEvent[]): PersonHour[] {
  const rows = new Map<string, PersonHour & { at: number }>()
  for (const event of events) {
    const visitor = visitorOf(event)
    if (!visitor) continue
    const hour = hourStart(event.occurredAt)
    const at = Date.parse(event.occurredAt)
    for (const { kind, id } of scopesOf(event)) {
      const key = `${kind}|${id}|${event.triggerType}|${hour.getTime()}|${visitor}`
      const known = rows.get(key)
      if (!known || at < known.at) rows.set(key, { kind, id, triggerType: event.triggerType, hour, visitor, firstAt: event.occurredAt, at })
    }
  }
  return [...rows.values()].sort(
    (a, b) =>
      compare(a.kind, b.kind) || a.id - b.id || compare(a.triggerType, b.triggerType) || a.hour.getTime() - b.hour.getTime() || compare(a.visitor, b.visitor),
  )
}
