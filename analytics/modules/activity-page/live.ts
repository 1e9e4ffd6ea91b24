/** The live fragment the activity hub sends, written the shop's way. */
import { format, shopFormat } from '../../../views/format'
import { activityLive } from '../../../views/partials/activity-live'
import type { RenderLive } from '../../sse/activity-live'

export const renderLive: RenderLive = (live, asOf) => activityLive(live, format, shopFormat, asOf).value
