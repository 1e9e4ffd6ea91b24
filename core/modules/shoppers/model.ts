import { t } from 'elysia'
import { memberGrades } from '../../domain'
import { instant } from '../../http/model'

/** The storefront's profile sync. `createdAt` is the sign-up time; omitted, a new shopper signs up now. */
export const shopperProfile = t.Object(
  {
    grade: t.Union(memberGrades.map((g) => t.Literal(g))),
    createdAt: t.Optional(instant()),
  },
  { additionalProperties: false },
)
export type ShopperProfileInput = typeof shopperProfile.static
