/** The campaign list's rows: each campaign with its budget and what its activities say about its window and state. */
import type { Pool, RowDataPacket } from '../../common/clients/mysql'
import type { CampaignScope } from '../accounts/model'

export interface CampaignListRow {
  id: number
  name: string
  budget: number
  activities: number
  /** first activity's start and last one's end; null without activities */
  startsAt: Date | null
  endsAt: Date | null
  /** activities taking reservations at `now` (ACTIVE inside their window) */
  live: number
  /** PAUSED activities whose window has not ended */
  paused: number
  /** ACTIVE or DRAFT activities that start after `now` */
  upcoming: number
}

/** The campaigns of `visible` (an account's scope), newest first. */
export async function campaignListRows(pool: Pool, visible: CampaignScope, page: { limit: number; offset: number }, now: Date): Promise<CampaignListRow[]> {
  if (visible !== 'all' && visible.length === 0) return []
  const [rows] = await pool.query<RowDataPacket[]>(
    `SELECT c.id, c.name, c.budget, COUNT(a.id) AS activities, MIN(a.starts_at) AS startsAt, MAX(a.ends_at) AS endsAt,
       COALESCE(SUM(a.status = 'ACTIVE' AND a.starts_at <= ? AND a.ends_at > ?), 0) AS live,
       COALESCE(SUM(a.status = 'PAUSED' AND a.ends_at > ?), 0) AS paused,
       COALESCE(SUM(a.status IN ('ACTIVE', 'DRAFT') AND a.starts_at > ?), 0) AS upcoming
     FROM campaigns c LEFT JOIN campaign_activities a ON a.campaign_id = c.id
     ${visible === 'all' ? '' : 'WHERE c.id IN (?)'}
     GROUP BY c.id ORDER BY c.id DESC LIMIT ? OFFSET ?`,
    [now, now, now, now, ...(visible === 'all' ? [] : [visible]), page.limit, page.offset],
  )
  return rows.map((r) => ({
    id: Number(r.id),
    name: r.name,
    budget: Number(r.budget),
    activities: Number(r.activities),
    startsAt: r.startsAt,
    endsAt: r.endsAt,
    live: Number(r.live),
    paused: Number(r.paused),
    upcoming: Number(r.upcoming),
  }))
}
