/** The live fragment the activity hub sends, written the shop's way. */
import { activityLive } from '../../../views/partials/activity-live'
import type { RenderLive } from '../../sse/activity-live'
import { formats, shop } from './formats'

export const renderLive: RenderLive = (live, asOf) => activityLive(live, formats, shop, asOf).value
