/**
 * Per-activity totals (migration 0005): whatever core writes — holds applied twice or out of
 * order, ends replayed, a duplicate order refused or ignored, a time travel, a row deleted — the
 * totals stay equal to counting the rows, and a database from before 0005 starts with them equal.
 * The analytics read of them (allTimeTotals) answers what approvals() and promotionTotals() count.
 */
import { afterAll, expect, test } from 'bun:test'
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { allTimeTotals } from '../../analytics/reporting/activity-totals'
import { promotionTotals } from '../../analytics/reporting/purchases'
import { approvals } from '../../analytics/reporting/reservations'
import { createMysqlPool, mysqlUrl, type RowDataPacket } from '../../common/clients/mysql'
import { migrate } from '../../common/db/migrate'
import { recreateDatabase, withDatabase } from '../../infra/local/database'
import { requireTestServers } from '../../test/support/clients'
import { insertNewPurchases, insertPurchase, insertPurchasesIgnoringKnown, type NewPurchase } from '../repositories/purchases'
import { recordEnded, recordHeld } from '../repositories/reservations'
import { shiftActivityIntoPast } from '../repositories/time-travel'
import { coreMigrations } from './schema'

requireTestServers()
const url = withDatabase(mysqlUrl(), 'axon_test_activity_totals')
await recreateDatabase(url)
const pool = createMysqlPool({ url, connectionLimit: 4 })
const before0005 = mkdtempSync(join(tmpdir(), 'axon-core-0004-'))
for (const file of readdirSync(coreMigrations.dir).filter((f) => f < '0005')) cpSync(join(coreMigrations.dir, file), join(before0005, file))
afterAll(async () => {
  await pool.query('DROP DATABASE axon_test_activity_totals')
  await pool.end()
  rmSync(before0005, { recursive: true })
})

const at = (minute: number) => new Date(Date.UTC(2025, 10, 10, 10, minute))
const held = (token: string, activityId: number, userId: number, minute: number) =>
  recordHeld(pool, [{ token, activityId, userId, heldAt: at(minute), expiresAt: at(minute + 10) }])
const purchase = (orderId: string, activityId: number | null, userId: number, price: number, quantity = 1): NewPurchase =>
  ({ orderId, activityId, userId, productId: 1, price, quantity, purchasedAt: at(30) })

/** The totals as kept, and as counted from the rows, of each activity (0 when it has none). */
async function keptAndCounted(activityIds: number[]) {
  const [kept] = await pool.query<RowDataPacket[]>(
    'SELECT campaign_activity_id AS id, approved, participants, purchases, revenue FROM activity_totals WHERE campaign_activity_id IN (?)',
    [activityIds],
  )
  const keptOf = (id: number) => {
    const row = kept.find((r) => Number(r.id) === id)
    return { approved: Number(row?.approved ?? 0), participants: Number(row?.participants ?? 0), purchases: Number(row?.purchases ?? 0), revenue: Number(row?.revenue ?? 0) }
  }
  const counted = async (id: number) => {
    const [a, p] = await Promise.all([approvals(pool, [id]), promotionTotals(pool, [id])])
    return { approved: a.approved, participants: a.participants, purchases: p.purchases, revenue: p.revenue }
  }
  return { kept: activityIds.map(keptOf), counted: await Promise.all(activityIds.map(counted)) }
}

async function expectExact(activityIds = [1, 2]) {
  const { kept, counted } = await keptAndCounted(activityIds)
  expect(kept).toEqual(counted)
  // what the dashboards read: one activity, and several (participants distinct across them)
  for (const id of activityIds) expect(await allTimeTotals(pool, [id])).toEqual(counted[activityIds.indexOf(id)]!)
  const [a, p] = await Promise.all([approvals(pool, activityIds), promotionTotals(pool, activityIds)])
  expect(await allTimeTotals(pool, activityIds)).toEqual({ approved: a.approved, participants: a.participants, purchases: p.purchases, revenue: p.revenue })
  return kept
}

test('0005 starts the totals from the holds and purchases recorded before it', async () => {
  await migrate(pool, [{ scope: 'core', dir: before0005 }])
  await pool.query("INSERT INTO campaigns (id, name) VALUES (1, 'c')")
  await pool.query("INSERT INTO products (id, name, price) VALUES (1, 'p', 10)")
  await pool.query('INSERT INTO users (id) VALUES (7), (8), (9), ' + Array.from({ length: 13 }, (_, i) => `(${100 + i})`).join(', '))
  await pool.query(`INSERT INTO campaign_activities (id, campaign_id, name, product_id, price, limit_count, starts_at, ends_at) VALUES
    (1, 1, 'a1', 1, 10, 9, '2025-11-01', '2025-12-01'), (2, 1, 'a2', 1, 10, 9, '2025-11-01', '2025-12-01')`)
  // shopper 7 held twice in activity 1; t4's taken event not applied yet (held_at NULL: not approved)
  await held('t1', 1, 7, 0)
  await held('t2', 1, 7, 1)
  await held('t3', 1, 8, 2)
  await recordEnded(pool, { token: 't4', activityId: 1, userId: 9, status: 'EXPIRED', endedAt: at(5) })
  await insertNewPurchases(pool, [purchase('o1', 1, 7, 10_000), purchase('o2', 1, 8, 2_500.5, 2), purchase('o3', null, 7, 99)])

  await migrate(pool, [coreMigrations])
  expect(await expectExact()).toEqual([
    { approved: 3, participants: 2, purchases: 2, revenue: 15_001 },
    { approved: 0, participants: 0, purchases: 0, revenue: 0 },
  ])
})

test('holds applied twice, out of order and ended more than once count once; a late taken event counts then', async () => {
  await held('t1', 1, 7, 0) // the taken event redelivered
  await recordEnded(pool, { token: 't1', activityId: 1, userId: 7, status: 'CONFIRMED', endedAt: at(3) })
  await recordEnded(pool, { token: 't1', activityId: 1, userId: 7, status: 'CONFIRMED', endedAt: at(3) })
  await recordEnded(pool, { token: 't2', activityId: 1, userId: 7, status: 'CANCELLED', endedAt: at(4) })
  await held('t4', 1, 9, 4) // its taken event after its end
  await recordEnded(pool, { token: 't5', activityId: 2, userId: 7, status: 'CONFIRMED', endedAt: at(8) })
  await held('t5', 2, 7, 6)
  await held('t5', 2, 7, 6)
  expect(await expectExact()).toEqual([
    { approved: 4, participants: 3, purchases: 2, revenue: 15_001 },
    { approved: 1, participants: 1, purchases: 0, revenue: 0 },
  ])
})

test('a duplicate order, refused or ignored, adds nothing; a time travel changes no total; deletes take rows out', async () => {
  expect(await insertPurchase(pool, purchase('o1', 1, 7, 10_000))).toBe('duplicate-order')
  await expect(insertNewPurchases(pool, [purchase('o4', 2, 7, 500), purchase('o2', 1, 8, 2_500.5, 2)])).rejects.toThrow()
  await insertPurchasesIgnoringKnown(pool, [purchase('o1', 1, 7, 10_000), purchase('o5', 2, 7, 500)])
  expect(await expectExact()).toEqual([
    { approved: 4, participants: 3, purchases: 2, revenue: 15_001 },
    { approved: 1, participants: 1, purchases: 1, revenue: 500 },
  ])

  await shiftActivityIntoPast(pool, 1, 30)
  await pool.query("UPDATE purchases SET quantity = 3 WHERE order_id = 'o5'")
  await pool.query("UPDATE purchases SET campaign_activity_id = NULL WHERE order_id = 'o1'")
  await pool.query("DELETE FROM reservations WHERE token IN ('t1', 't2')") // shopper 7 leaves activity 1
  await pool.query("DELETE FROM purchases WHERE order_id = 'o3'")
  expect(await expectExact()).toEqual([
    { approved: 2, participants: 2, purchases: 1, revenue: 5_001 },
    { approved: 1, participants: 1, purchases: 1, revenue: 1_500 },
  ])
})

test('concurrent holds and purchases of one activity sum exactly', async () => {
  const writes = Array.from({ length: 40 }, (_, i) => [
    held(`c${i}`, 2, 100 + (i % 13), i % 50),
    recordEnded(pool, { token: `c${i}`, activityId: 2, userId: 100 + (i % 13), status: 'CONFIRMED', endedAt: at(55) }),
    insertPurchase(pool, purchase(`co${i}`, 2, 100 + (i % 13), 1_000 + i)),
  ]).flat()
  await Promise.all(writes)
  const [kept] = await expectExact([2])
  expect(kept).toEqual({ approved: 41, participants: 14, purchases: 41, revenue: 1_500 + 40 * 1_000 + (39 * 40) / 2 })
})
