/** Activities: one FCFS sale of a product at a promotional price, with a unit limit and a window. */
import type { ResultSetHeader, RowDataPacket } from '../../common/clients/mysql'
import type { ActivityStatus } from '../domain'
import type { EligibilityRules } from '../eligibility/rules'
import { assignments, type Db } from './db'

export interface Activity {
  id: number
  campaignId: number
  name: string
  productId: number
  price: number
  /** its own acquisition budget; null: it shares its campaign's (see the README's CAC) */
  budget: number | null
  limit: number
  startsAt: Date
  endsAt: Date
  status: ActivityStatus
  rules: EligibilityRules | null
  createdAt: Date
  updatedAt: Date
}

export type ActivityFields = Omit<Activity, 'id' | 'createdAt' | 'updatedAt'>

const columns = 'id, campaign_id, name, product_id, price, budget, limit_count, starts_at, ends_at, status, rules, created_at, updated_at'

const columnOf = {
  campaignId: 'campaign_id',
  name: 'name',
  productId: 'product_id',
  price: 'price',
  budget: 'budget',
  limit: 'limit_count',
  startsAt: 'starts_at',
  endsAt: 'ends_at',
  status: 'status',
  rules: 'rules',
} as const

/** MariaDB hands JSON columns back as text, MySQL as objects. */
function parseRules(value: unknown): EligibilityRules | null {
  if (value === null || value === undefined) return null
  return (typeof value === 'string' ? JSON.parse(value) : value) as EligibilityRules
}

function toActivity(row: RowDataPacket): Activity {
  return {
    id: Number(row.id),
    campaignId: Number(row.campaign_id),
    name: row.name,
    productId: Number(row.product_id),
    price: Number(row.price),
    budget: row.budget === null ? null : Number(row.budget),
    limit: Number(row.limit_count),
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    status: row.status,
    rules: parseRules(row.rules),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }
}

function toColumns(fields: Partial<ActivityFields>) {
  const rules = fields.rules === undefined ? undefined : fields.rules === null ? null : JSON.stringify(fields.rules)
  return assignments({ ...fields, rules }, columnOf)
}

/** `id` is for the seed, which promises the demo activity id 1; the API lets MySQL choose. */
export async function insertActivity(db: Db, fields: ActivityFields & { id?: number }): Promise<number> {
  const set = toColumns(fields)
  const id = fields.id === undefined ? '' : 'id = ?, '
  const values = fields.id === undefined ? set.values : [fields.id, ...set.values]
  const [result] = await db.query<ResultSetHeader>(`INSERT INTO campaign_activities SET ${id}${set.sql}`, values)
  return result.insertId
}

export async function updateActivity(db: Db, id: number, patch: Partial<ActivityFields>): Promise<void> {
  const set = toColumns(patch)
  if (!set.sql) return
  await db.query(`UPDATE campaign_activities SET ${set.sql} WHERE id = ?`, [...set.values, id])
}

/** `forUpdate` locks the row for the rest of the transaction (changing a limit checks entries first). */
export async function findActivity(db: Db, id: number, lock: { forUpdate?: boolean } = {}): Promise<Activity | undefined> {
  const [rows] = await db.query<RowDataPacket[]>(
    `SELECT ${columns} FROM campaign_activities WHERE id = ?${lock.forUpdate ? ' FOR UPDATE' : ''}`,
    [id],
  )
  return rows[0] && toActivity(rows[0])
}

export async function listCampaignActivities(db: Db, campaignId: number): Promise<Activity[]> {
  const [rows] = await db.query<RowDataPacket[]>(`SELECT ${columns} FROM campaign_activities WHERE campaign_id = ? ORDER BY starts_at, id`, [
    campaignId,
  ])
  return rows.map(toActivity)
}

/** Every activity that is not over (not ENDED, window not passed): the ones whose state must live in Redis. */
export async function listUnendedActivities(db: Db, now: Date): Promise<Activity[]> {
  const [rows] = await db.query<RowDataPacket[]>(
    `SELECT ${columns} FROM campaign_activities WHERE status <> 'ENDED' AND ends_at > ? ORDER BY id`,
    [now],
  )
  return rows.map(toActivity)
}

/** Activities with rules that have not ended: where a shopper's cached verdicts may live. */
export async function listUnendedActivityIdsWithRules(db: Db, now: Date): Promise<number[]> {
  const [rows] = await db.query<RowDataPacket[]>(
    `SELECT id FROM campaign_activities WHERE status <> 'ENDED' AND ends_at > ? AND rules IS NOT NULL`,
    [now],
  )
  return rows.map((r) => Number(r.id))
}

/** ACTIVE activities with rules that are open, or open before `opensBy`: the ones worth warming verdicts for. */
export async function listActivitiesToWarm(db: Db, now: Date, opensBy: Date): Promise<Activity[]> {
  const [rows] = await db.query<RowDataPacket[]>(
    `SELECT ${columns} FROM campaign_activities
      WHERE status = 'ACTIVE' AND rules IS NOT NULL AND starts_at <= ? AND ends_at > ? ORDER BY id`,
    [opensBy, now],
  )
  return rows.map(toActivity)
}
