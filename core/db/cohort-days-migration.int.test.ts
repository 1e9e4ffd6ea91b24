/**
 * Migration 0004 on a database that already kept cohort summaries under 0003 (what `./axon up`
 * data from before it holds): the rolling-days column is filled in and the day sums start equal to
 * the customers' rows, so the job's moves keep them right from there.
 */
import { afterAll, expect, test } from 'bun:test'
import { cpSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createMysqlPool, mysqlUrl, type RowDataPacket } from '../../common/clients/mysql'
import { cohortDayTotalsColumns, cohortDayTotalsSql } from '../../common/cohort-days'
import { migrate } from '../../common/db/migrate'
import { recreateDatabase, withDatabase } from '../../infra/local/database'
import { requireTestServers } from '../../test/support/clients'
import { refreshCohortSummaries } from '../jobs/cohort-summaries'
import { coreMigrations } from './schema'

requireTestServers()
const url = withDatabase(mysqlUrl(), 'axon_test_cohort_upgrade')
await recreateDatabase(url)
const pool = createMysqlPool({ url, connectionLimit: 2 })
const before0004 = mkdtempSync(join(tmpdir(), 'axon-core-0003-'))
for (const file of ['0001_domain.sql', '0002_reservations_budgets_jobs.sql', '0003_cohort_summaries.sql'])
  cpSync(join(coreMigrations.dir, file), join(before0004, file))
afterAll(async () => {
  await pool.query('DROP DATABASE axon_test_cohort_upgrade')
  await pool.end()
  rmSync(before0004, { recursive: true })
})

const rows = async (sql: string): Promise<Record<string, unknown>[]> => (await pool.query<RowDataPacket[]>(sql))[0].map((r) => ({ ...r }))

test('0004 fills the rolling days and the day sums from the summaries 0003 kept', async () => {
  await migrate(pool, [{ scope: 'core', dir: before0004 }])
  await pool.query("INSERT INTO campaigns (id, name) VALUES (1, 'c')")
  await pool.query("INSERT INTO products (id, name, price) VALUES (1, 'p', 10)")
  await pool.query(
    "INSERT INTO campaign_activities (id, campaign_id, name, product_id, price, limit_count, starts_at, ends_at) VALUES (1, 1, 'a', 1, 10, 9, '2025-01-01', '2025-02-01')",
  )
  await pool.query('INSERT INTO users (id) VALUES (1), (2)')
  // customer 1 bought again exactly 24 h later, customer 2 a millisecond more
  await pool.query(`INSERT INTO purchases (order_id, campaign_activity_id, user_id, product_id, price, purchased_at) VALUES
    ('o1', 1, 1, 1, 10, '2025-01-05 03:00:00.000'), ('o2', NULL, 1, 1, 2.5, '2025-01-06 03:00:00.000'),
    ('o3', 1, 2, 1, 10, '2025-01-05 04:00:00.000'), ('o4', NULL, 2, 1, 4, '2025-01-06 04:00:00.001')`)
  // as 0003's job summarised them (in Asia/Seoul)
  await pool.query(`INSERT INTO cohort_customers VALUES
    (1, '2025-01-05 03:00:00.000', 1, '2025-01-05', 2, 12.5, 12.5, 12.5, 12.5, '2025-01-06 03:00:00.000', 1),
    (1, '2025-01-05 04:00:00.000', 2, '2025-01-05', 2, 14, 14, 14, 14, '2025-01-06 04:00:00.001', 1)`)
  await pool.query(`INSERT INTO cohort_repurchase_days VALUES
    (1, 'R', '2025-01-05 03:00:00.000', 1, 1, '2025-01-05'), (1, 'C', '2025-01-05 03:00:00.000', 1, 1, '2025-01-05'),
    (1, 'R', '2025-01-05 04:00:00.000', 2, 1, '2025-01-05'), (1, 'C', '2025-01-05 04:00:00.000', 2, 1, '2025-01-05')`)
  await pool.query("INSERT INTO cohort_summary_settings VALUES (1, 'Asia/Seoul')")
  await pool.query('DELETE FROM cohort_purchase_changes')

  await migrate(pool, [coreMigrations])
  expect(await rows('SELECT user_id, next_purchase_rolling_days FROM cohort_customers ORDER BY user_id')).toEqual([
    { user_id: 1, next_purchase_rolling_days: 1 },
    { user_id: 2, next_purchase_rolling_days: 2 },
  ])
  const daySums = `SELECT acquisition_day, ${cohortDayTotalsColumns.join(', ')} FROM cohort_days ORDER BY 1`
  const fromCustomers = `SELECT acquisition_day, ${cohortDayTotalsSql} FROM cohort_customers GROUP BY 1 ORDER BY 1`
  expect(await rows(daySums)).toEqual(await rows(fromCustomers))
  expect((await rows(daySums))[0]).toMatchObject({ customers: 2, revenue: 26.5, rolling_d1: 1, rolling_d7: 2 })
  expect(await rows('SELECT mode, day_offset, customers FROM cohort_day_repurchases ORDER BY 1')).toEqual([
    { mode: 'C', day_offset: 1, customers: 2 },
    { mode: 'R', day_offset: 1, customers: 2 },
  ])

  // the job takes it from there: recomputing both customers leaves the sums as they were
  await pool.query('INSERT INTO cohort_purchase_changes (user_id) VALUES (1), (2)')
  await refreshCohortSummaries(pool, { timeZone: 'Asia/Seoul' })
  expect(await rows(daySums)).toEqual(await rows(fromCustomers))
  expect((await rows(daySums))[0]).toMatchObject({ customers: 2, revenue: 26.5, rolling_d1: 1, rolling_d7: 2 })
})
