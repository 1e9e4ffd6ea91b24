/** Purchases: promotional ones carry their activity, regular ones (campaign_activity_id NULL) do not. */
import type { RowDataPacket } from '../../common/clients/mysql'
import { isDuplicateKey, type Db } from './db'

export interface NewPurchase {
  orderId: string
  activityId: number | null
  userId: number
  productId: number
  price: number
  purchasedAt: Date
}

function values(p: NewPurchase) {
  return [p.orderId, p.activityId, p.userId, p.productId, p.price, p.purchasedAt]
}

/** `duplicate-order` when an order with this id is already recorded. */
export async function insertPurchase(db: Db, purchase: NewPurchase): Promise<'inserted' | 'duplicate-order'> {
  try {
    await db.query(
      'INSERT INTO purchases (order_id, campaign_activity_id, user_id, product_id, price, purchased_at) VALUES (?, ?, ?, ?, ?, ?)',
      values(purchase),
    )
    return 'inserted'
  } catch (error) {
    if (isDuplicateKey(error, 'uq_purchases_order')) return 'duplicate-order'
    throw error
  }
}

/** Bulk load (the seed's purchase history); orders already recorded are skipped. */
export async function insertPurchasesIgnoringKnown(db: Db, purchases: readonly NewPurchase[]): Promise<void> {
  if (!purchases.length) return
  await db.query(
    'INSERT IGNORE INTO purchases (order_id, campaign_activity_id, user_id, product_id, price, purchased_at) VALUES ?',
    [purchases.map(values)],
  )
}

export async function countActivityPurchases(db: Db, activityId: number): Promise<number> {
  const [[row]] = await db.query<RowDataPacket[]>('SELECT COUNT(*) AS n FROM purchases WHERE campaign_activity_id = ?', [activityId])
  return Number(row?.n ?? 0)
}
