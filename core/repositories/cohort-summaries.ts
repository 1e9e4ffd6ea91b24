/**
 * The cohort summary tables (migration 0003) as core's cohort job reads and writes them: the
 * purchase changes the triggers record, customers' purchases, and their summaries.
 */
import type { RowDataPacket } from '../../common/clients/mysql'
import type { CustomerPurchase, CustomerSummary } from '../jobs/cohort-summary'
import type { Db } from './db'

/** The oldest `limit` recorded changes' customers (the ids a concurrent writer has not committed yet come later). */
export async function changedCustomers(db: Db, limit: number): Promise<{ users: number[]; changes: number }> {
  const [rows] = await db.query<RowDataPacket[]>('SELECT user_id FROM cohort_purchase_changes ORDER BY id LIMIT ?', [limit])
  return { users: [...new Set(rows.map((r) => Number(r.user_id)))], changes: rows.length }
}

/** Ids of every change recorded for these customers that this transaction sees. */
export async function changeIdsOf(db: Db, users: readonly number[]): Promise<number[]> {
  const [rows] = await db.query<RowDataPacket[]>('SELECT id FROM cohort_purchase_changes WHERE user_id IN (?)', [users])
  return rows.map((r) => Number(r.id))
}

export async function deleteChanges(db: Db, ids: readonly number[]): Promise<void> {
  if (ids.length) await db.query('DELETE FROM cohort_purchase_changes WHERE id IN (?)', [ids])
}

/** Every purchase of these customers, by customer. */
export async function purchasesOf(db: Db, users: readonly number[]): Promise<Map<number, CustomerPurchase[]>> {
  const [rows] = await db.query<RowDataPacket[]>(
    `SELECT id, user_id, campaign_activity_id, purchased_at, ROUND(price * quantity * 100) AS cents
       FROM purchases WHERE user_id IN (?)`,
    [users],
  )
  const byUser = new Map<number, CustomerPurchase[]>(users.map((u) => [u, []]))
  for (const r of rows) {
    byUser.get(Number(r.user_id))!.push({
      id: Number(r.id),
      activityId: r.campaign_activity_id === null ? null : Number(r.campaign_activity_id),
      purchasedAt: r.purchased_at as Date,
      cents: Number(r.cents),
    })
  }
  return byUser
}

/** Replaces these customers' summaries with `summaries` (a customer with none left is removed). */
export async function replaceSummaries(db: Db, users: readonly number[], summaries: readonly CustomerSummary[]): Promise<void> {
  await db.query('DELETE FROM cohort_customers WHERE user_id IN (?)', [users])
  await db.query('DELETE FROM cohort_repurchase_days WHERE user_id IN (?)', [users])
  if (!summaries.length) return
  await db.query(
    `INSERT INTO cohort_customers (campaign_activity_id, first_purchase_at, user_id, acquisition_day, purchases,
       revenue, revenue_30d, revenue_90d, revenue_365d, next_purchase_at, next_purchase_calendar_days) VALUES ?`,
    [[...summaries].sort((a, b) => a.activityId - b.activityId || a.firstPurchaseAt.getTime() - b.firstPurchaseAt.getTime() || a.userId - b.userId).map(summaryRow)],
  )
  // in primary key order: InnoDB fills pages one after another instead of splitting them at random
  const days = summaries
    .flatMap((s) =>
      (['R', 'C'] as const).flatMap((mode) =>
        s.repurchaseDays[mode].map((offset) => [s.activityId, mode, s.firstPurchaseAt, s.userId, offset, s.acquisitionDay] as const),
      ),
    )
    .sort((a, b) => a[0] - b[0] || a[1].localeCompare(b[1]) || a[2].getTime() - b[2].getTime() || a[3] - b[3] || a[4] - b[4])
  if (days.length)
    await db.query(
      'INSERT INTO cohort_repurchase_days (campaign_activity_id, mode, first_purchase_at, user_id, day_offset, acquisition_day) VALUES ?',
      [days],
    )
}

/** cents as DECIMAL text, which MySQL stores exactly (a binary fraction like 0.1 would not be) */
const money = (cents: number) => `${cents < 0 ? '-' : ''}${Math.floor(Math.abs(cents) / 100)}.${String(Math.abs(cents) % 100).padStart(2, '0')}`

function summaryRow(s: CustomerSummary) {
  return [s.activityId, s.firstPurchaseAt, s.userId, s.acquisitionDay, s.purchases, money(s.cents), ...s.windowCents.map(money),
    s.nextPurchaseAt, s.nextPurchaseCalendarDays]
}

/** The shop time zone the stored summaries were computed in (undefined before the first run). */
export async function summariesTimeZone(db: Db): Promise<string | undefined> {
  const [[row]] = await db.query<RowDataPacket[]>('SELECT time_zone FROM cohort_summary_settings WHERE id = 1')
  return row?.time_zone as string | undefined
}

/** Records the zone; when the summaries were computed in another one, every customer is to be recomputed. */
export async function switchSummariesTimeZone(db: Db, zone: string, recomputeAll: boolean): Promise<void> {
  if (recomputeAll) await db.query('INSERT INTO cohort_purchase_changes (user_id) SELECT DISTINCT user_id FROM purchases')
  await db.query('INSERT INTO cohort_summary_settings (id, time_zone) VALUES (1, ?) ON DUPLICATE KEY UPDATE time_zone = VALUES(time_zone)', [zone])
}
