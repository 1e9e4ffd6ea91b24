/**
 * What a dashboard question is about: one activity or one campaign, as the behaviour store's scope
 * and the MySQL activities it covers. Unknown ids answer 404.
 */
import type { Pool } from '../../common/clients/mysql'
import { AppError } from '../../common/errors'
import { campaignActivities, findActivity, findCampaign, type ReportedActivity, type ReportedCampaign } from '../reporting/activities'
import type { Scope } from '../store/port'

export interface Target {
  scope: Scope
  activities: ReportedActivity[]
  activityIds: number[]
}

export const activityNotFound = (id: number) => new AppError('ACTIVITY_NOT_FOUND', 404, `activity ${id} does not exist`)
export const campaignNotFound = (id: number) => new AppError('CAMPAIGN_NOT_FOUND', 404, `campaign ${id} does not exist`)

export async function activityTarget(pool: Pool, activityId: number): Promise<Target & { activity: ReportedActivity }> {
  const activity = await findActivity(pool, activityId)
  if (!activity) throw activityNotFound(activityId)
  return { activity, scope: { activityId }, activities: [activity], activityIds: [activityId] }
}

export async function campaignTarget(pool: Pool, campaignId: number): Promise<Target & { campaign: ReportedCampaign }> {
  const [campaign, activities] = await Promise.all([findCampaign(pool, campaignId), campaignActivities(pool, campaignId)])
  if (!campaign) throw campaignNotFound(campaignId)
  return { campaign, scope: { campaignId }, activities, activityIds: activities.map((a) => a.id) }
}
