/**
 * The bulk path (bulk-load.ts) leaves the MySQL store exactly as `write` does: the same events
 * written both ways — each way under ids of its own — answer every read the same, with
 * duplicates inside a chunk, across chunks and against events already stored.
 */
import { afterAll, expect, test } from 'bun:test'
import { createMysqlPool } from '../../../common/clients/mysql'
import type { BehaviorEvent } from '../../../common/schemas/behavior-event'
import { expectSameReads, newCopy, traffic } from '../../../test/support/behavior-traffic'
import { bulkLoadEvents } from './bulk-load'
import { createMysqlBehaviorStore } from './index'

const store = createMysqlBehaviorStore({ connectionLimit: 4 })
const pool = createMysqlPool({ connectionLimit: 1 })
afterAll(async () => {
  await store.close()
  await pool.end()
})

test('a bulk load answers every read as the same events written batch by batch: counts, hours, visitors, people, links, first times', async () => {
  const [written, loaded] = [newCopy('w'), newCopy('b')]
  const [byWrite, byBulk] = [traffic(written), traffic(loaded)]
  // offered with copies: some stored before, some twice in a chunk, some in both chunks
  const again = (events: BehaviorEvent[]) => [...events, ...events.filter((_, i) => i % 20 === 0)]
  const early = (events: BehaviorEvent[]) => events.slice(0, 300)

  const writeResults = [await store.write(early(byWrite))]
  for (let i = 0; i < byWrite.length; i += 500) writeResults.push(await store.write(again(byWrite).slice(i, i + 500)))
  for (let i = 3000; i < again(byWrite).length; i += 500) writeResults.push(await store.write(again(byWrite).slice(i, i + 500)))

  const bulkResults = [await store.write(early(byBulk))]
  bulkResults.push(await store.bulkLoad(again(byBulk).slice(0, 2000)))
  // rollups built in several slices of the chunk's rows, as for a large chunk
  bulkResults.push(await bulkLoadEvents(pool, again(byBulk).slice(1500), { rollupSlice: 400 }))

  const total = (results: { written: number; duplicates: number }[]) => results.reduce((n, r) => ({ written: n.written + r.written, duplicates: n.duplicates + r.duplicates }))
  expect(total(writeResults).written).toBe(3000)
  expect(total(bulkResults).written).toBe(3000)
  expect(total(bulkResults).duplicates).toBe(300 + 150 + 500)

  await expectSameReads(store, written, loaded)
}, 60_000)

test('an empty chunk, or one of events already stored, loads nothing', async () => {
  const copy = newCopy('again')
  const events = traffic(copy).slice(0, 100)
  expect(await store.bulkLoad([])).toEqual({ written: 0, duplicates: 0 })
  expect(await store.bulkLoad(events)).toEqual({ written: 100, duplicates: 0 })
  const counts = await store.countByTrigger({ campaignId: copy.campaignId })
  expect(await store.bulkLoad(events)).toEqual({ written: 0, duplicates: 100 })
  expect(await store.countByTrigger({ campaignId: copy.campaignId })).toEqual(counts)
})
