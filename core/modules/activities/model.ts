import { t } from 'elysia'
import { activityStatuses } from '../../domain'
import { eligibilityRules } from '../../eligibility/rules'
import { instant, integer, money } from '../../http/model'

const fields = {
  name: t.String({ minLength: 1, maxLength: 200 }),
  productId: integer({ minimum: 1 }),
  /** the promotional unit price */
  price: money(),
  /** its own acquisition budget (CAC, ROAS); absent or null: it shares its campaign's budget */
  budget: t.Optional(t.Union([money(), t.Null()])),
  /** units on sale: stock + holds + confirmed entries always add up to it */
  limit: integer({ minimum: 1, maximum: 10_000_000 }),
  startsAt: instant(),
  endsAt: instant(),
  status: t.Optional(t.Union(activityStatuses.map((s) => t.Literal(s)))),
  /** who may enter; absent, `{}` or null means everyone (on a change, `{}` or null clears them) */
  rules: t.Optional(eligibilityRules),
}

export const newActivity = t.Object(fields, { additionalProperties: false })
export type NewActivity = typeof newActivity.static

export const activityChange = t.Partial(t.Object(fields), { additionalProperties: false, minProperties: 1 })
export type ActivityChange = typeof activityChange.static
