/** Purchases: promotional ones carry their activity, regular ones (campaign_activity_id NULL) do not. */
import type { RowDataPacket } from '../../common/clients/mysql'
import { isDuplicateKey, type Db } from './db'

export interface NewPurchase {
  orderId: string
  activityId: number | null
  userId: number
  productId: number
  /** the unit price */
  price: number
  /** 1 when absent (a promotion entry is one unit) */
  quantity?: number
  purchasedAt: Date
}

function values(p: NewPurchase) {
  return [p.orderId, p.activityId, p.userId, p.productId, p.price, p.quantity ?? 1, p.purchasedAt]
}

/** `duplicate-order` when an order with this id is already recorded. */
export async function insertPurchase(db: Db, purchase: NewPurchase): Promise<'inserted' | 'duplicate-order'> {
  try {
    await db.query(
      'INSERT INTO purchases (order_id, campaign_activity_id, user_id, product_id, price, quantity, purchased_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      values(purchase),
    )
    return 'inserted'
  } catch (error) {
    if (isDuplicateKey(error, 'uq_purchases_order')) return 'duplicate-order'
    throw error
  }
}

async function insertMany(db: Db, purchases: readonly NewPurchase[], verb: 'INSERT' | 'INSERT IGNORE'): Promise<void> {
  if (!purchases.length) return
  await db.query(
    `${verb} INTO purchases (order_id, campaign_activity_id, user_id, product_id, price, quantity, purchased_at) VALUES ?`,
    [purchases.map(values)],
  )
}

/** Bulk load (the seed's purchase history); orders already recorded are skipped. */
export const insertPurchasesIgnoringKnown = (db: Db, purchases: readonly NewPurchase[]) => insertMany(db, purchases, 'INSERT IGNORE')

/** Orders checked to be new (the order intake): one already recorded fails the whole insert. */
export const insertNewPurchases = (db: Db, purchases: readonly NewPurchase[]) => insertMany(db, purchases, 'INSERT')

export async function countActivityPurchases(db: Db, activityId: number): Promise<number> {
  const [[row]] = await db.query<RowDataPacket[]>('SELECT COUNT(*) AS n FROM purchases WHERE campaign_activity_id = ?', [activityId])
  return Number(row?.n ?? 0)
}

/** Who an already recorded order belongs to, by order id (the order intake's duplicate check). */
export async function findOrderOwners(db: Db, orderIds: readonly string[]): Promise<Map<string, { userId: number; productId: number; promotion: boolean }>> {
  if (!orderIds.length) return new Map()
  const [rows] = await db.query<RowDataPacket[]>(
    'SELECT order_id, user_id, product_id, campaign_activity_id FROM purchases WHERE order_id IN (?)',
    [orderIds],
  )
  return new Map(rows.map((r) => [r.order_id, { userId: Number(r.user_id), productId: Number(r.product_id), promotion: r.campaign_activity_id !== null }]))
}
