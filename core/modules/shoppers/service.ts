import type { Pool } from '../../../common/clients/mysql'
import type { Redis } from '../../../common/clients/redis'
import { markVerdictsForRecheck } from '../../eligibility/recheck'
import { coreErrors } from '../../errors'
import { findShopper, upsertShopper } from '../../repositories/users'
import type { ShopperProfileInput } from './model'

export interface ShopperDeps {
  pool: Pool
  redis: Redis
}

/** The new grade counts from the shopper's next reservation attempt: cached verdicts are re-checked. */
export async function syncShopperProfile({ pool, redis }: ShopperDeps, id: number, input: ShopperProfileInput) {
  await upsertShopper(pool, { id, grade: input.grade, createdAt: input.createdAt ? new Date(input.createdAt) : undefined })
  await markVerdictsForRecheck(pool, redis, [id])
  return getShopper(pool, id)
}

/** The profile eligibility rules see: grade, sign-up time, purchases so far. */
export async function getShopper(pool: Pool, id: number) {
  const shopper = await findShopper(pool, id, new Date())
  if (!shopper) throw coreErrors.unknownShopper(id)
  return shopper
}
