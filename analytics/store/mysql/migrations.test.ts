/**
 * A behaviour store from before issue 8 (migration 0001 only: raw events, hourly counts that took
 * a tracker's PURCHASE in, no people, no links) migrated to now answers every read as a store whose
 * events were all written after: migration 0003 backfills people and links and rebuilds the
 * PURCHASE counts from the backend's events alone.
 */
import { afterAll, expect, test } from 'bun:test'
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createMysqlPool, inTransaction, mysqlUrl, type RowDataPacket } from '../../../common/clients/mysql'
import { ensureDatabase, migrate } from '../../../common/db/migrate'
import { withDatabase } from '../../../infra/local/database'
import { expectSameReads, newCopy, traffic } from '../../../test/support/behavior-traffic'
import { cutIntoRequests } from '../storable'
import { insertNewEvents, openWrite } from './events-repository'
import { createMysqlBehaviorStore } from './index'
import { analyticsMigrations } from './schema'

const url = withDatabase(mysqlUrl(), `axon_test_backfill_${crypto.randomUUID().slice(0, 8).replace(/-/g, '')}`)
const firstOnly = mkdtempSync(join(tmpdir(), 'axon-0001-'))
copyFileSync(join(analyticsMigrations.dir, '0001_behavior_store.sql'), join(firstOnly, '0001_behavior_store.sql'))
await ensureDatabase(url)
const pool = createMysqlPool({ url, connectionLimit: 2 })
afterAll(async () => {
  await pool.query(`DROP DATABASE \`${new URL(url).pathname.slice(1)}\``)
  await pool.end()
  rmSync(firstOnly, { recursive: true })
})

/** What writes before 0002 left: the raw rows, and hourly counts of every event. */
const countEverything = `INSERT INTO behavior_hourly_counts (scope, scope_id, hour, trigger_type, events)
  SELECT scope, scope_id, hour, trigger_type, COUNT(*) FROM (
    SELECT 'activity' AS scope, activity_id AS scope_id, DATE_FORMAT(occurred_at, '%Y-%m-%d %H:00:00') AS hour, trigger_type FROM behavior_events WHERE activity_id IS NOT NULL
    UNION ALL SELECT 'campaign', campaign_id, DATE_FORMAT(occurred_at, '%Y-%m-%d %H:00:00'), trigger_type FROM behavior_events WHERE campaign_id IS NOT NULL
  ) AS c GROUP BY scope, scope_id, hour, trigger_type`

test('events stored before 0002 count after 0003 as if written today: people, links, backend-only PURCHASE counts', async () => {
  await migrate(pool, [{ scope: analyticsMigrations.scope, dir: firstOnly }])
  const [before, after] = [newCopy('old'), newCopy('new')]
  const old = traffic(before)
  await inTransaction(pool, async (conn) => {
    const writeId = await openWrite(conn, old.length)
    for (const chunk of cutIntoRequests(old, { count: 500, bytes: 2 ** 21 })) await insertNewEvents(conn, writeId, chunk)
    await conn.query(countEverything)
  })
  const [[counted]] = await pool.query<RowDataPacket[]>(
    "SELECT SUM(events) AS purchases FROM behavior_hourly_counts WHERE trigger_type = 'PURCHASE' AND scope = 'campaign'",
  )
  expect(Number(counted!.purchases)).toBe(old.filter((e) => e.triggerType === 'PURCHASE' && e.campaignId).length)

  expect((await migrate(pool, [analyticsMigrations])).applied).toEqual(['analytics/0002_people', 'analytics/0003_people_backfill'])
  const store = createMysqlBehaviorStore({ url, connectionLimit: 2 })
  try {
    const fresh = traffic(after)
    for (let i = 0; i < fresh.length; i += 500) await store.write(fresh.slice(i, i + 500))
    await expectSameReads(store, after, before)
  } finally {
    await store.close()
  }
}, 60_000)
