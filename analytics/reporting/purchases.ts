/**
 * Purchases, where money comes from: promotion purchases carry their activity, normal ones
 * (campaign_activity_id NULL) do not. Revenue = Σ price × quantity.
 */
import type { Pool, RowDataPacket } from '../../common/clients/mysql'
import type { TimeRange } from '../store/port'
import { inRange } from './range'

export interface PurchaseTotals {
  purchases: number
  revenue: number
  /** distinct purchasers */
  customers: number
}

const totals = 'COUNT(*) AS purchases, COALESCE(SUM(price * quantity), 0) AS revenue, COUNT(DISTINCT user_id) AS customers'

function toTotals(row: RowDataPacket | undefined): PurchaseTotals {
  return { purchases: Number(row?.purchases ?? 0), revenue: Number(row?.revenue ?? 0), customers: Number(row?.customers ?? 0) }
}

export async function promotionTotals(pool: Pool, activityIds: readonly number[], range?: TimeRange): Promise<PurchaseTotals> {
  if (!activityIds.length) return toTotals(undefined)
  const at = inRange('purchased_at', range)
  const [rows] = await pool.query<RowDataPacket[]>(
    `SELECT ${totals} FROM purchases WHERE campaign_activity_id IN (?)${at.sql}`,
    [activityIds, ...at.params],
  )
  return toTotals(rows[0])
}

/** Promotion totals of each activity that has purchases in the range. */
export async function promotionTotalsByActivity(pool: Pool, activityIds: readonly number[], range?: TimeRange): Promise<Map<number, PurchaseTotals>> {
  if (!activityIds.length) return new Map()
  const at = inRange('purchased_at', range)
  const [rows] = await pool.query<RowDataPacket[]>(
    `SELECT campaign_activity_id AS activityId, ${totals} FROM purchases
      WHERE campaign_activity_id IN (?)${at.sql} GROUP BY campaign_activity_id`,
    [activityIds, ...at.params],
  )
  return new Map(rows.map((r) => [Number(r.activityId), toTotals(r)]))
}

/** Normal purchases of the products in the range. */
export async function normalTotals(pool: Pool, productIds: readonly number[], range: TimeRange): Promise<PurchaseTotals> {
  if (!productIds.length) return toTotals(undefined)
  const [rows] = await pool.query<RowDataPacket[]>(
    `SELECT ${totals} FROM purchases WHERE campaign_activity_id IS NULL AND product_id IN (?) AND purchased_at >= ? AND purchased_at < ?`,
    [productIds, range.from, range.to],
  )
  return toTotals(rows[0])
}

/** Each shopper with a promotion purchase in the scope (and range), with their first one's time. */
export async function firstPurchases(pool: Pool, activityIds: readonly number[], range?: TimeRange): Promise<Map<number, Date>> {
  if (!activityIds.length) return new Map()
  const at = inRange('purchased_at', range)
  const [rows] = await pool.query<RowDataPacket[]>(
    `SELECT user_id AS userId, MIN(purchased_at) AS first FROM purchases
      WHERE campaign_activity_id IN (?)${at.sql} GROUP BY user_id`,
    [activityIds, ...at.params],
  )
  return new Map(rows.map((r) => [Number(r.userId), r.first as Date]))
}

export interface QuarterHourPurchases {
  /** start of the quarter hour (every time zone's offset is whole quarter hours, so shop days are sums of these) */
  start: Date
  purchases: number
  revenue: number
}

export type PurchaseKind = { promotionOf: readonly number[] } | { normalOf: readonly number[] }

/** Purchases per quarter hour (UTC) in the range: promotion ones of activities, or normal ones of products. */
export async function purchasesPerQuarterHour(pool: Pool, kind: PurchaseKind, range: TimeRange): Promise<QuarterHourPurchases[]> {
  const [filter, ids] = 'promotionOf' in kind ? ['campaign_activity_id IN (?)', kind.promotionOf] : ['campaign_activity_id IS NULL AND product_id IN (?)', kind.normalOf]
  if (!ids.length) return []
  const [rows] = await pool.query<RowDataPacket[]>(
    `SELECT TIMESTAMPDIFF(MINUTE, '1970-01-01', purchased_at) DIV 15 AS quarter, COUNT(*) AS purchases, SUM(price * quantity) AS revenue
       FROM purchases WHERE ${filter} AND purchased_at >= ? AND purchased_at < ? GROUP BY quarter ORDER BY quarter`,
    [ids, range.from, range.to],
  )
  return rows.map((r) => ({ start: new Date(Number(r.quarter) * 900_000), purchases: Number(r.purchases), revenue: Number(r.revenue) }))
}
