import { afterAll, describe, expect, test } from 'bun:test'
import { closeTestClients } from '../../test/support/clients'
import { freshUserIds, testCoreApp } from '../../test/support/core-app'
import { insertPurchasesIgnoringKnown } from '../repositories/purchases'

const { call, openActivity, pool } = testCoreApp()
afterAll(closeTestClients)

const verdict = (activityId: number, userId: number) => call('GET', `/internal/eligibility/activities/${activityId}/users/${userId}`)

/** A shopper of `grade` with `purchases` past purchases of the activity's product. */
async function shopperWith(grade: string, purchases: number, productId: number) {
  const [id] = freshUserIds(1) as [number]
  await call('PUT', `/api/v1/admin/users/${id}`, { grade })
  const history = Array.from({ length: purchases }, (_, i) => ({
    orderId: `hist-${id}-${i}`,
    activityId: null,
    userId: id,
    productId,
    price: 10,
    purchasedAt: new Date(Date.now() - (i + 1) * 86_400_000),
  }))
  await insertPurchasesIgnoringKnown(pool, history)
  return id
}

describe('GET /internal/eligibility/activities/:activityId/users/:userId', () => {
  test('each rule judged from the profile in MySQL', async () => {
    const newOnly = await openActivity({ rules: { newCustomersOnly: true } })
    const productId = newOnly.product.id
    const returning = await openActivity({ rules: { minPastPurchases: 2 } })
    const goldOnly = await openActivity({ rules: { memberGrades: ['GOLD', 'VIP'] } })
    const fresh = await shopperWith('GOLD', 0, productId)
    const loyal = await shopperWith('SILVER', 3, productId)

    expect((await verdict(newOnly.activity.id, fresh)).body).toEqual({ eligible: true })
    expect((await verdict(newOnly.activity.id, loyal)).body).toMatchObject({ eligible: false, reason: 'NOT_NEW_CUSTOMER' })
    expect((await verdict(returning.activity.id, loyal)).body).toEqual({ eligible: true })
    expect((await verdict(returning.activity.id, fresh)).body).toMatchObject({ eligible: false, reason: 'TOO_FEW_PAST_PURCHASES' })
    expect((await verdict(goldOnly.activity.id, fresh)).body).toEqual({ eligible: true })
    expect((await verdict(goldOnly.activity.id, loyal)).body).toMatchObject({ eligible: false, reason: 'GRADE_NOT_ELIGIBLE' })
  })

  test('an unknown shopper is a new BRONZE customer', async () => {
    const [stranger] = freshUserIds(1) as [number]
    const newOnly = await openActivity({ rules: { newCustomersOnly: true } })
    const goldOnly = await openActivity({ rules: { memberGrades: ['GOLD'] } })
    expect((await verdict(newOnly.activity.id, stranger)).body).toEqual({ eligible: true })
    expect((await verdict(goldOnly.activity.id, stranger)).body).toMatchObject({ eligible: false, reason: 'GRADE_NOT_ELIGIBLE' })
  })

  test('an activity without rules admits everyone; an unknown one is 404', async () => {
    const open = await openActivity()
    expect((await verdict(open.activity.id, 1)).body).toEqual({ eligible: true })
    expect(await verdict(999_999_999, 1)).toMatchObject({ status: 404, body: { code: 'UNKNOWN_ACTIVITY' } })
    expect((await verdict(open.activity.id, 0)).status).toBe(400)
  })
})
