/**
 * The gateway asks here on a verdict-cache miss and caches the answer itself
 * (`activityKeys(id).verdict(userId)`, encoded by common/codecs/verdict.ts).
 */
import { Elysia } from 'elysia'
import type { Pool } from '../../common/clients/mysql'
import { verdictParams } from './model'
import { eligibilityVerdict } from './service'

export function eligibilityRoutes(pool: Pool) {
  return new Elysia({ prefix: '/internal/eligibility' }).get(
    '/activities/:activityId/users/:userId',
    ({ params }) => eligibilityVerdict(pool, params.activityId, params.userId),
    { params: verdictParams },
  )
}
