/**
 * Filling the stores for the dashboards benchmark through bulk paths: `LOAD DATA LOCAL INFILE` of
 * tens of thousands of rows streamed from memory (three times the rows per second of multi-row
 * INSERTs here), no per-batch transaction or dedupe (the generated ids are unique), the behaviour
 * store's rollups added alongside (hourly counts once at the end, visitors per chunk) by the rules
 * the store itself follows (rollup-keys.ts; tracker PURCHASE events counted nowhere).
 *
 * The event loader stands in for the MySQL behaviour store's own bulk loader (issue 8, W2); once
 * that exists, `bulkEvents` should call it, so every rollup it keeps (people, identity links) is
 * filled too. Purchases go straight into core's tables: the order intake over HTTP would take an
 * hour for a million.
 */
import { Readable } from 'node:stream'
import type { Pool } from '../../common/clients/mysql'
import type { BehaviorEvent } from '../../common/schemas/behavior-event'
import { hourStart, scopesOf, visitorOf } from '../../analytics/store/rollup-keys'
import { seededRandom } from '../simulators/random'
import type { BenchCatalog } from './dashboard-catalog'
import { purchaseChunk, shopperRows, trackerEvents } from './dashboard-rows'

const rowsPerStatement = 2_000
const eventsPerChunk = 20_000
const purchasesPerChunk = 10_000

async function insertRows(pool: Pool, sql: string, rows: readonly unknown[][]) {
  for (let start = 0; start < rows.length; start += rowsPerStatement) await pool.query(sql, [rows.slice(start, start + rowsPerStatement)])
}

/** A value as LOAD DATA's default text format reads it: \N is NULL, instants as UTC DATETIME text. */
function field(value: unknown): string {
  if (value === null || value === undefined) return '\\N'
  if (value instanceof Date) return value.toISOString().slice(0, 23).replace('T', ' ')
  return String(value).replace(/[\\\t\n]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : '\\n'))
}

/** `rows` into `table` (`ignore`: rows whose key exists are skipped), streamed from memory. */
async function loadRows(pool: Pool, table: string, columns: string, rows: readonly unknown[][], ignore = false) {
  if (!rows.length) return
  const text = Buffer.from(rows.map((row) => row.map(field).join('\t')).join('\n'))
  await pool.query({
    sql: `LOAD DATA LOCAL INFILE 'rows' ${ignore ? 'IGNORE ' : ''}INTO TABLE ${table} (${columns})`,
    infileStreamFactory: () => Readable.from([text]),
  })
}

/** Raw events and their rollups; `finish` writes the hourly counts gathered over the whole load. */
export function bulkEvents(pool: Pool) {
  const hourly = new Map<string, unknown[]>()
  let writeId: number | undefined
  return {
    async load(events: readonly BehaviorEvent[]) {
      writeId ??= ((await pool.query('INSERT INTO behavior_writes (events) VALUES (0)')) as any)[0].insertId as number
      const rows = events.map((e) => [
        e.eventId, e.triggerType, new Date(e.occurredAt), e.userId ?? null, e.anonymousId ?? null, e.sessionId ?? null,
        e.campaignId ?? null, e.activityId ?? null, e.pageUrl ?? null, JSON.stringify(e.properties ?? {}), writeId,
      ])
      await loadRows(pool, 'behavior_events', 'event_id, trigger_type, occurred_at, user_id, anonymous_id, session_id, campaign_id, activity_id, page_url, properties, write_id', rows)
      const visitors = new Map<string, unknown[]>()
      for (const event of events) {
        const visitor = visitorOf(event)
        const counted = !(event.triggerType === 'PURCHASE' && event.properties?.source !== 'backend')
        for (const { kind, id } of scopesOf(event)) {
          if (visitor) visitors.set(`${kind}|${id}|${visitor}`, [kind, id, visitor])
          if (!counted) continue
          const hour = hourStart(event.occurredAt)
          const key = `${kind}|${id}|${hour.getTime()}|${event.triggerType}`
          const row = hourly.get(key) ?? [kind, id, hour, event.triggerType, 0]
          row[4] = (row[4] as number) + 1
          hourly.set(key, row)
        }
      }
      await loadRows(pool, 'behavior_visitors', 'scope, scope_id, visitor', [...visitors.values()], true)
    },
    async finish() {
      // few rows, and added to rather than replaced: LOAD DATA has no ON DUPLICATE KEY UPDATE
      await insertRows(pool, 'INSERT INTO behavior_hourly_counts (scope, scope_id, hour, trigger_type, events) VALUES ? ON DUPLICATE KEY UPDATE events = events + VALUES(events)', [...hourly.values()])
    },
  }
}

export interface LoadShape {
  events: number
  purchases: number
  seed: number
}

export async function loadDashboardData(pool: Pool, catalog: BenchCatalog, shape: LoadShape, progress: (line: string) => void) {
  const random = seededRandom(shape.seed)
  const now = Date.now()
  const shoppers = Math.max(1_000, Math.floor(shape.purchases / 5))
  const events = bulkEvents(pool)
  const startedAt = performance.now()
  const rate = (n: number) => `${Math.round(n / ((performance.now() - startedAt) / 1000)).toLocaleString('en')}/s`

  await loadRows(pool, 'users', 'id, grade, created_at', shopperRows(shoppers, random.fork('shoppers'), now))
  progress(`${shoppers.toLocaleString('en')} shoppers`)
  const entered = new Set<string>()
  const purchaseRandom = random.fork('purchases')
  for (let from = 0; from < shape.purchases; from += purchasesPerChunk) {
    const chunk = purchaseChunk(catalog, purchaseRandom, shoppers, { from, to: Math.min(shape.purchases, from + purchasesPerChunk) }, entered, now)
    await loadRows(pool, 'purchases', 'order_id, campaign_activity_id, user_id, product_id, price, quantity, purchased_at', chunk.purchases)
    await loadRows(pool, 'campaign_activity_entries', 'campaign_activity_id, user_id, command_id, reservation_token, order_id, confirmed_at', chunk.entries)
    await loadRows(pool, 'reservations', 'token, campaign_activity_id, user_id, held_at, expires_at, status, ended_at', chunk.reservations)
    await events.load(chunk.events)
    progress(`purchases ${Math.min(shape.purchases, from + purchasesPerChunk).toLocaleString('en')}/${shape.purchases.toLocaleString('en')} (${rate(from + purchasesPerChunk)}) with their entries, reservations and backend PURCHASE events`)
  }
  const tracker = Math.max(0, shape.events - shape.purchases)
  const trackerStart = performance.now()
  const trackerRandom = random.fork('events')
  // the next chunk is generated while the last one loads
  let loading = Promise.resolve()
  for (let from = 0; from < tracker; from += eventsPerChunk) {
    const to = Math.min(tracker, from + eventsPerChunk)
    const chunk = trackerEvents(catalog, trackerRandom, shoppers, tracker, { from, to })
    await loading
    loading = events.load(chunk).then(() => {
      if ((to / eventsPerChunk) % 10 === 0 || to === tracker)
        progress(`tracker events ${to.toLocaleString('en')}/${tracker.toLocaleString('en')} (${Math.round(to / ((performance.now() - trackerStart) / 1000)).toLocaleString('en')}/s)`)
    })
  }
  await loading
  await events.finish()
  progress(`loaded in ${((performance.now() - startedAt) / 1000).toFixed(0)} s`)
  return { shoppers, entries: entered.size }
}
