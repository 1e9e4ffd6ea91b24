import { t } from 'elysia'
import { integer } from '../../http/model'

export const timeTravel = t.Object(
  {
    activityId: integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }),
    /** how far into the past, in whole days */
    days: integer({ minimum: 1, maximum: 3650 }),
  },
  { additionalProperties: false },
)
export type TimeTravel = typeof timeTravel.static
