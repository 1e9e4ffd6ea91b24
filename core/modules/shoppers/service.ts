import type { Pool } from '../../../common/clients/mysql'
import { coreErrors } from '../../errors'
import { findShopper, upsertShopper } from '../../repositories/users'
import type { ShopperProfileInput } from './model'

export async function syncShopperProfile(pool: Pool, id: number, input: ShopperProfileInput) {
  await upsertShopper(pool, { id, grade: input.grade, createdAt: input.createdAt ? new Date(input.createdAt) : undefined })
  return getShopper(pool, id)
}

/** The profile eligibility rules see: grade, sign-up time, purchases so far. */
export async function getShopper(pool: Pool, id: number) {
  const shopper = await findShopper(pool, id, new Date())
  if (!shopper) throw coreErrors.unknownShopper(id)
  return shopper
}
