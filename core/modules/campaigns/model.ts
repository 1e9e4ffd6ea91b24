import { t } from 'elysia'
import { money } from '../../http/model'

const fields = {
  name: t.String({ minLength: 1, maxLength: 200 }),
  description: t.Optional(t.Nullable(t.String({ maxLength: 2000 }))),
  /** acquisition spend: the numerator of CAC */
  budget: t.Optional(money()),
}

export const newCampaign = t.Object(fields, { additionalProperties: false })
export type NewCampaign = typeof newCampaign.static

export const campaignChange = t.Partial(t.Object(fields), { additionalProperties: false, minProperties: 1 })
export type CampaignChange = typeof campaignChange.static
