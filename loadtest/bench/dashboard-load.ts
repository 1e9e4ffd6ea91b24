/**
 * Filling the stores for the dashboards benchmark through bulk paths: behaviour events through the
 * MySQL behaviour store's own `bulkLoad` (every rollup, people and identity links included, as its
 * `write` would leave them); shoppers, purchases, entries and reservations straight into core's
 * tables by `LOAD DATA LOCAL INFILE` of thousands of rows streamed from memory (three times the
 * rows per second of multi-row INSERTs here) — the order intake over HTTP would take an hour for a
 * million; core's cohort job summarises them from its change log like any other purchases.
 */
import { Readable } from 'node:stream'
import type { Pool } from '../../common/clients/mysql'
import type { MysqlBehaviorStore } from '../../analytics/store/mysql'
import { seededRandom } from '../simulators/random'
import type { BenchCatalog } from './dashboard-catalog'
import { purchaseChunk, shopperRows, trackerEvents } from './dashboard-rows'

const eventsPerChunk = 50_000
const purchasesPerChunk = 10_000

/** A value as LOAD DATA's default text format reads it: \N is NULL, instants as UTC DATETIME text. */
function field(value: unknown): string {
  if (value === null || value === undefined) return '\\N'
  if (value instanceof Date) return value.toISOString().slice(0, 23).replace('T', ' ')
  return String(value).replace(/[\\\t\n]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : '\\n'))
}

/** `rows` into `table`, streamed from memory. */
async function loadRows(pool: Pool, table: string, columns: string, rows: readonly unknown[][]) {
  if (!rows.length) return
  const text = Buffer.from(rows.map((row) => row.map(field).join('\t')).join('\n'))
  await pool.query({
    sql: `LOAD DATA LOCAL INFILE 'rows' INTO TABLE ${table} (${columns})`,
    infileStreamFactory: () => Readable.from([text]),
  })
}

export interface LoadShape {
  events: number
  purchases: number
  seed: number
}

export async function loadDashboardData(pool: Pool, store: MysqlBehaviorStore, catalog: BenchCatalog, shape: LoadShape, progress: (line: string) => void) {
  const random = seededRandom(shape.seed)
  const now = Date.now()
  const shoppers = Math.max(1_000, Math.floor(shape.purchases / 5))
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
    await store.bulkLoad(chunk.events)
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
    loading = store.bulkLoad(chunk).then(() => {
      if ((to / eventsPerChunk) % 10 === 0 || to === tracker)
        progress(`tracker events ${to.toLocaleString('en')}/${tracker.toLocaleString('en')} (${Math.round(to / ((performance.now() - trackerStart) / 1000)).toLocaleString('en')}/s)`)
    })
  }
  await loading
  progress(`loaded in ${((performance.now() - startedAt) / 1000).toFixed(0)} s`)
  return { shoppers, entries: entered.size }
}
