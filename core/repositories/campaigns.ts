/** Campaigns: a marketer's umbrella over activities, with the budget CAC is computed from. */
import type { ResultSetHeader, RowDataPacket } from '../../common/clients/mysql'
import { assignments, type Db } from './db'

export interface Campaign {
  id: number
  name: string
  description: string | null
  budget: number
  createdAt: Date
  updatedAt: Date
}

export type CampaignFields = Pick<Campaign, 'name' | 'description' | 'budget'>

const columns = 'id, name, description, budget, created_at, updated_at'

function toCampaign(row: RowDataPacket): Campaign {
  return {
    id: Number(row.id),
    name: row.name,
    description: row.description,
    budget: Number(row.budget),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }
}

export async function insertCampaign(db: Db, fields: CampaignFields): Promise<number> {
  const [result] = await db.query<ResultSetHeader>('INSERT INTO campaigns (name, description, budget) VALUES (?, ?, ?)', [
    fields.name,
    fields.description,
    fields.budget,
  ])
  return result.insertId
}

export async function updateCampaign(db: Db, id: number, patch: Partial<CampaignFields>): Promise<void> {
  const set = assignments(patch, { name: 'name', description: 'description', budget: 'budget' })
  if (!set.sql) return
  await db.query(`UPDATE campaigns SET ${set.sql} WHERE id = ?`, [...set.values, id])
}

export async function findCampaign(db: Db, id: number): Promise<Campaign | undefined> {
  const [rows] = await db.query<RowDataPacket[]>(`SELECT ${columns} FROM campaigns WHERE id = ?`, [id])
  return rows[0] && toCampaign(rows[0])
}

/** Newest first, the order a marketer scans them in. */
export async function listCampaigns(db: Db, page: { limit: number; offset: number }): Promise<Campaign[]> {
  const [rows] = await db.query<RowDataPacket[]>(`SELECT ${columns} FROM campaigns ORDER BY id DESC LIMIT ? OFFSET ?`, [
    page.limit,
    page.offset,
  ])
  return rows.map(toCampaign)
}

export async function anyCampaignExists(db: Db): Promise<boolean> {
  const [rows] = await db.query<RowDataPacket[]>('SELECT 1 FROM campaigns LIMIT 1')
  return rows.length > 0
}
