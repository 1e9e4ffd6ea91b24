/** Products an activity sells; `price` is the list price, the activity has its own promotional one. */
import type { ResultSetHeader, RowDataPacket } from '../../common/clients/mysql'
import { assignments, type Db } from './db'

export interface Product {
  id: number
  name: string
  price: number
  createdAt: Date
}

export type ProductFields = Pick<Product, 'name' | 'price'>

const columns = 'id, name, price, created_at'

function toProduct(row: RowDataPacket): Product {
  return { id: Number(row.id), name: row.name, price: Number(row.price), createdAt: row.created_at }
}

export async function insertProduct(db: Db, fields: ProductFields): Promise<number> {
  const [result] = await db.query<ResultSetHeader>('INSERT INTO products (name, price) VALUES (?, ?)', [fields.name, fields.price])
  return result.insertId
}

export async function updateProduct(db: Db, id: number, patch: Partial<ProductFields>): Promise<void> {
  const set = assignments(patch, { name: 'name', price: 'price' })
  if (!set.sql) return
  await db.query(`UPDATE products SET ${set.sql} WHERE id = ?`, [...set.values, id])
}

export async function findProduct(db: Db, id: number): Promise<Product | undefined> {
  const [rows] = await db.query<RowDataPacket[]>(`SELECT ${columns} FROM products WHERE id = ?`, [id])
  return rows[0] && toProduct(rows[0])
}

export async function listProducts(db: Db, page: { limit: number; offset: number }): Promise<Product[]> {
  const [rows] = await db.query<RowDataPacket[]>(`SELECT ${columns} FROM products ORDER BY id DESC LIMIT ? OFFSET ?`, [
    page.limit,
    page.offset,
  ])
  return rows.map(toProduct)
}

/** Which of `ids` are products core knows. */
export async function knownProductIds(db: Db, ids: readonly number[]): Promise<Set<number>> {
  if (!ids.length) return new Set()
  const [rows] = await db.query<RowDataPacket[]>('SELECT id FROM products WHERE id IN (?)', [ids])
  return new Set(rows.map((r) => Number(r.id)))
}
