/**
 * The campaign list: newest first, each with its state (from its activities), window, budget and
 * participants (the realtime widget's number, dashboards/realtime.ts). A campaign whose
 * participants cannot be read right now shows without them rather than failing the page.
 */
import { t } from 'elysia'
import type { Logger } from '../../../common/log'
import type { CampaignScope } from '../../accounts/model'
import type { DashboardDeps } from '../../dashboards/deps'
import { liveStock } from '../../dashboards/realtime'
import { campaignTarget } from '../../dashboards/target'
import { campaignListRows, type CampaignListRow } from '../../reporting/campaign-list'
import type { CampaignRow, CampaignStatus } from '../../../views/pages/campaigns'

export const pageSize = 50

/** The list's parameters, for its page and the assistant's `list_campaigns` tool. */
export const campaignListParams = t.Object({
  page: t.Optional(t.Integer({ minimum: 1, maximum: 100_000, description: `which page of ${pageSize} campaigns, newest first (default 1)` })),
})

export function campaignStatus(row: Pick<CampaignListRow, 'activities' | 'live' | 'paused' | 'upcoming'>): CampaignStatus {
  if (row.activities === 0) return 'draft'
  if (row.live > 0) return 'live'
  if (row.paused > 0) return 'paused'
  if (row.upcoming > 0) return 'scheduled'
  return 'ended'
}

async function participantsOf(deps: DashboardDeps & { log: Logger }, campaignId: number): Promise<number | null> {
  try {
    return (await liveStock(deps, await campaignTarget(deps.reporting, campaignId))).participantCount
  } catch (error) {
    deps.log.warn('campaign list: participants unavailable', { campaignId, error })
    return null
  }
}

/** A page of the campaigns `visible` holds (an account's scope). */
export async function campaignList(deps: DashboardDeps & { log: Logger }, visible: CampaignScope, page: number, now = new Date()): Promise<{ items: CampaignRow[]; hasMore: boolean }> {
  const rows = await campaignListRows(deps.reporting, visible, { limit: pageSize + 1, offset: (page - 1) * pageSize }, now)
  const shown = rows.slice(0, pageSize)
  const participants = await Promise.all(shown.map((row) => (row.activities === 0 ? 0 : participantsOf(deps, row.id))))
  return {
    items: shown.map((row, i) => ({
      id: row.id,
      name: row.name,
      status: campaignStatus(row),
      budget: row.budget,
      activities: row.activities,
      startsAt: row.startsAt,
      endsAt: row.endsAt,
      participants: participants[i]!,
    })),
    hasMore: rows.length > pageSize,
  }
}
