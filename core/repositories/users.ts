/** Shoppers as core knows them: grade and sign-up time (synced by the storefront), and purchase history. */
import type { RowDataPacket } from '../../common/clients/mysql'
import type { MemberGrade } from '../domain'
import type { Db } from './db'

export interface Shopper {
  id: number
  grade: MemberGrade
  createdAt: Date
}

/** A shopper with the purchase count eligibility rules look at. */
export interface ShopperWithHistory extends Shopper {
  pastPurchases: number
}

/** The storefront's profile sync: creates the shopper or updates grade (and sign-up time when given). */
export async function upsertShopper(db: Db, shopper: { id: number; grade: MemberGrade; createdAt?: Date }): Promise<void> {
  await db.query(
    `INSERT INTO users (id, grade, created_at) VALUES (?, ?, COALESCE(?, CURRENT_TIMESTAMP(3)))
     ON DUPLICATE KEY UPDATE grade = VALUES(grade), created_at = COALESCE(?, created_at)`,
    [shopper.id, shopper.grade, shopper.createdAt ?? null, shopper.createdAt ?? null],
  )
}

/** A shopper first seen in a confirmed entry: recorded as a new BRONZE member, never overwritten. */
export async function insertShopperIfAbsent(db: Db, id: number): Promise<void> {
  await db.query('INSERT IGNORE INTO users (id) VALUES (?)', [id])
}

/**
 * Shoppers first seen in an order batch, each with its earliest order: new BRONZE members signed up
 * then at the latest; known ones are left as they are.
 */
export async function insertShoppersSignedUpBy(db: Db, firstOrders: ReadonlyMap<number, Date>): Promise<void> {
  if (!firstOrders.size) return
  await db.query('INSERT IGNORE INTO users (id, created_at) VALUES ?', [[...firstOrders]])
}

/** Bulk load (the seed); shoppers already known are left as they are. */
export async function insertShoppersIgnoringKnown(db: Db, shoppers: readonly Shopper[]): Promise<void> {
  if (!shoppers.length) return
  await db.query('INSERT IGNORE INTO users (id, grade, created_at) VALUES ?', [shoppers.map((s) => [s.id, s.grade, s.createdAt])])
}

function toShopper(row: RowDataPacket): ShopperWithHistory {
  return { id: Number(row.id), grade: row.grade, createdAt: row.created_at, pastPurchases: Number(row.past_purchases) }
}

export async function findShopper(db: Db, id: number, purchasedBefore: Date): Promise<ShopperWithHistory | undefined> {
  const [rows] = await db.query<RowDataPacket[]>(
    `SELECT u.id, u.grade, u.created_at,
            (SELECT COUNT(*) FROM purchases p WHERE p.user_id = u.id AND p.purchased_at < ?) AS past_purchases
       FROM users u WHERE u.id = ?`,
    [purchasedBefore, id],
  )
  return rows[0] && toShopper(rows[0])
}

export interface LikelyShopperWindow {
  /** purchases before this count toward rules */
  now: Date
  /** shoppers who bought since then are likely to come back */
  purchasedSince: Date
  /** shoppers who signed up since then are likely to come */
  signedUpSince: Date
  /** the most shoppers to return, most recently active first */
  cap: number
}

/**
 * Shoppers likely to enter an activity soon: recent buyers and recent sign-ups, most recently
 * active first, with their purchase counts, in one query (the warm job's input).
 */
export async function listLikelyShoppers(db: Db, w: LikelyShopperWindow): Promise<ShopperWithHistory[]> {
  const [rows] = await db.query<RowDataPacket[]>(
    `SELECT u.id, u.grade, u.created_at,
            (SELECT COUNT(*) FROM purchases p WHERE p.user_id = u.id AND p.purchased_at < ?) AS past_purchases
       FROM users u
       JOIN (SELECT user_id, MAX(purchased_at) AS last_seen FROM purchases
              WHERE purchased_at >= ? AND purchased_at < ? GROUP BY user_id
             UNION ALL
             SELECT id, created_at FROM users WHERE created_at >= ?) recent ON recent.user_id = u.id
      GROUP BY u.id, u.grade, u.created_at
      ORDER BY MAX(recent.last_seen) DESC, u.id
      LIMIT ?`,
    [w.now, w.purchasedSince, w.now, w.signedUpSince, w.cap],
  )
  return rows.map(toShopper)
}
