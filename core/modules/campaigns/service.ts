import type { Pool } from '../../../common/clients/mysql'
import { coreErrors } from '../../errors'
import * as campaigns from '../../repositories/campaigns'
import type { CampaignChange, NewCampaign } from './model'

export async function createCampaign(pool: Pool, input: NewCampaign) {
  const id = await campaigns.insertCampaign(pool, { name: input.name, description: input.description ?? null, budget: input.budget ?? 0 })
  return getCampaign(pool, id)
}

export async function changeCampaign(pool: Pool, id: number, change: CampaignChange) {
  await getCampaign(pool, id)
  await campaigns.updateCampaign(pool, id, change)
  return getCampaign(pool, id)
}

export async function getCampaign(pool: Pool, id: number) {
  const campaign = await campaigns.findCampaign(pool, id)
  if (!campaign) throw coreErrors.unknownCampaign(id)
  return campaign
}

export async function listCampaigns(pool: Pool, page: { limit: number; offset: number }) {
  return { items: await campaigns.listCampaigns(pool, page) }
}
