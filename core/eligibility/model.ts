import { t } from 'elysia'

export const verdictParams = t.Object({
  activityId: t.Integer({ minimum: 1 }),
  userId: t.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }),
})
