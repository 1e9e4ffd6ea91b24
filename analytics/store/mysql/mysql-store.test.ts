/**
 * The behaviour store contract against MySQL/MariaDB (MYSQL_URL, migrated by the test preload),
 * plus how this adapter finds the one event MySQL itself refuses in a batch.
 */
import { afterAll, expect, test } from 'bun:test'
import { mysqlUrl } from '../../../common/clients/mysql'
import { withDatabase } from '../../../infra/local/database'
import { registerBehaviorStoreContract } from '../../../test/contracts/behavior-store'
import { closeTestClients, testPool } from '../../../test/support/clients'
import { testEvent } from '../../../test/support/events'
import { EventsRefused } from '../port'
import { createMysqlBehaviorStore } from './index'

registerBehaviorStoreContract('behaviour store contract: MySQL', { open: () => createMysqlBehaviorStore() })

const pool = testPool(1)
const store = createMysqlBehaviorStore()
afterAll(async () => {
  await store.close()
  await closeTestClients()
})

test('an event MySQL refuses with a data error no check foresaw is found and refused alone; the rest of its batch is stored once', async () => {
  // a trigger stands in for a value some column cannot hold: a future schema, a future bug
  const refusedActivity = 5_000_000_000 + Math.floor(Math.random() * 1_000_000_000)
  const trigger = `refuse_activity_${refusedActivity}`
  await pool.query(
    `CREATE TRIGGER ${trigger} BEFORE INSERT ON behavior_hourly_counts FOR EACH ROW
       IF NEW.scope = 'activity' AND NEW.scope_id = ${refusedActivity} THEN
         SIGNAL SQLSTATE '22003' SET MESSAGE_TEXT = 'Out of range value for column scope_id';
       END IF`,
  )
  try {
    const campaignId = refusedActivity + 1
    const good = Array.from({ length: 9 }, () => testEvent({ activityId: refusedActivity + 2, campaignId }))
    const bad = testEvent({ activityId: refusedActivity, campaignId })
    const batch = [...good.slice(0, 5), bad, ...good.slice(5), good[0]!]
    const error = await store.write(batch).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(EventsRefused)
    const { refused, stored } = error as EventsRefused
    expect([...refused.keys()]).toEqual([bad.eventId])
    expect(refused.get(bad.eventId)).toContain('Out of range value for column scope_id')
    expect(stored).toEqual({ written: 9, duplicates: 1 })
    expect(await store.countByTrigger({ campaignId })).toEqual({ PAGE_VIEW: 9 })
    // offered again (a redelivery), the good ones are duplicates and the bad one is refused again
    const again = (await store.write(batch).catch((e: unknown) => e)) as EventsRefused
    expect([[...again.refused.keys()], again.stored]).toEqual([[bad.eventId], { written: 0, duplicates: 10 }])
    expect(await store.countByTrigger({ campaignId })).toEqual({ PAGE_VIEW: 9 })
  } finally {
    await pool.query(`DROP TRIGGER ${trigger}`)
  }
})

test('an error that is not about the data (a missing table here; an outage likewise) refuses no event: the write fails whole, to be retried', async () => {
  const elsewhere = createMysqlBehaviorStore({ url: withDatabase(mysqlUrl(), 'information_schema') })
  try {
    const error = await elsewhere.write([testEvent(), testEvent()]).catch((e: unknown) => e)
    expect(error).not.toBeInstanceOf(EventsRefused)
    expect(String(error)).toMatch(/behavior_writes|denied/)
  } finally {
    await elsewhere.close()
  }
})

test('a batch of events as large as /collect takes, together over max_allowed_packet, is stored whole: statements are cut by size, not only by count', async () => {
  // each event as large as one 256 KiB /collect body holds: 40 properties of 1,024 control
  // characters, which JSON and SQL escaping grow to 7 bytes each. 80 of them came to a 23 MB
  // INSERT, which MariaDB (16 MiB max_allowed_packet) refused with an error about no event: the sink
  // retried the batch forever and the stream stalled behind it (anyone could send these).
  const [[{ max }]] = (await pool.query('SELECT @@max_allowed_packet AS max')) as unknown as [[{ max: number }]]
  const properties = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`p${i}`, '\u0001'.repeat(1024)]))
  const activityId = 6_000_000_000 + Math.floor(Math.random() * 1_000_000_000)
  const large = Array.from({ length: 80 }, () => testEvent({ activityId, triggerType: 'CUSTOM', properties }))
  expect(large.length * 40 * 1024 * 7).toBeGreaterThan(Number(max))

  expect(await store.write(large)).toEqual({ written: 80, duplicates: 0 })
  expect(await store.countByTrigger({ activityId })).toEqual({ CUSTOM: 80 })
  const [stored] = await store.recentEvents({ activityId }, { limit: 1 })
  expect(stored!.properties).toEqual(properties)
}, 60_000)
