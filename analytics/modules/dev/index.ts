/**
 * Development tools of analytics: `POST /api/v1/dev/time-travel` moves an activity's behaviour
 * events whole days into the past (with their rollups), so a demo or a test sees a campaign that
 * ran last month. Core's `POST /api/v1/admin/dev/time-travel` moves the activity's own records;
 * `./axon simulate time-travel` calls both. Refused in production: 403 DEV_ONLY.
 */
import { Elysia, t } from 'elysia'
import { AppError } from '../../../common/errors'
import type { BehaviorStore } from '../../store/port'

export const timeTravelBody = t.Object(
  {
    activityId: t.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }),
    /** whole days into the past; ten years at most */
    days: t.Integer({ minimum: 1, maximum: 3650 }),
  },
  { additionalProperties: false },
)

export function devRoutes({ store, env }: { store: BehaviorStore; env: string }) {
  return new Elysia({ prefix: '/api/v1/dev' }).post(
    '/time-travel',
    async ({ body }) => {
      if (env === 'production') throw new AppError('DEV_ONLY', 403, 'time travel is a development tool and is refused in production')
      const movedEvents = await store.shiftActivityEvents(body.activityId, body.days)
      return { activityId: body.activityId, days: body.days, movedEvents }
    },
    { body: timeTravelBody },
  )
}
