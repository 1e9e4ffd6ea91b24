/** Campaigns and their activities as the dashboards need them: names, products, limits, budgets. */
import type { Pool, RowDataPacket } from '../../common/clients/mysql'

export interface ReportedCampaign {
  id: number
  name: string
  budget: number
}

export interface ReportedActivity {
  id: number
  campaignId: number
  name: string
  productId: number
  limit: number
  /** its own acquisition budget; null: it shares the campaign's */
  budget: number | null
  startsAt: Date
  endsAt: Date
}

const activityColumns = `id, campaign_id AS campaignId, name, product_id AS productId, limit_count AS \`limit\`,
  budget, starts_at AS startsAt, ends_at AS endsAt`

export async function findCampaign(pool: Pool, id: number): Promise<ReportedCampaign | undefined> {
  const [rows] = await pool.query<RowDataPacket[]>('SELECT id, name, budget FROM campaigns WHERE id = ?', [id])
  return rows[0] as ReportedCampaign | undefined
}

export async function findActivity(pool: Pool, id: number): Promise<ReportedActivity | undefined> {
  const [rows] = await pool.query<RowDataPacket[]>(`SELECT ${activityColumns} FROM campaign_activities WHERE id = ?`, [id])
  return rows[0] as ReportedActivity | undefined
}

/** The campaign's activities, oldest first. */
export async function campaignActivities(pool: Pool, campaignId: number): Promise<ReportedActivity[]> {
  const [rows] = await pool.query<RowDataPacket[]>(
    `SELECT ${activityColumns} FROM campaign_activities WHERE campaign_id = ? ORDER BY starts_at, id`,
    [campaignId],
  )
  return rows as ReportedActivity[]
}

/** The ids of the given campaigns' activities; every activity when no campaigns are given. */
export async function activityIdsOf(pool: Pool, campaignIds?: readonly number[]): Promise<number[]> {
  if (campaignIds && !campaignIds.length) return []
  const [rows] = campaignIds
    ? await pool.query<RowDataPacket[]>('SELECT id FROM campaign_activities WHERE campaign_id IN (?) ORDER BY id', [campaignIds])
    : await pool.query<RowDataPacket[]>('SELECT id FROM campaign_activities ORDER BY id')
  return rows.map((r) => Number(r.id))
}
