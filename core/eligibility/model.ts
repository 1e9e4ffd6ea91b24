import { t } from 'elysia'
import { idParam } from '../../common/http/ids'

export const verdictParams = t.Object({ activityId: idParam('activity id'), userId: idParam('shopper id') })
