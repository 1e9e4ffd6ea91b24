import { afterAll, expect, test } from 'bun:test'
import { closeTestClients } from '../../../test/support/clients'
import { freshUserIds, testCoreApp } from '../../../test/support/core-app'
import { insertPurchasesIgnoringKnown } from '../../repositories/purchases'

const { call, pool } = testCoreApp()
afterAll(closeTestClients)

test('the storefront upserts a shopper profile; purchases so far are counted', async () => {
  const [id] = freshUserIds(1) as [number]
  const created = await call('PUT', `/api/v1/admin/users/${id}`, { grade: 'SILVER', createdAt: '2024-03-01T10:00:00Z' })
  expect(created).toMatchObject({ status: 200, body: { id, grade: 'SILVER', createdAt: '2024-03-01T10:00:00.000Z', pastPurchases: 0 } })

  const product = await call('POST', '/api/v1/admin/products', { name: 'Socks', price: 9 })
  const bought = { activityId: null, userId: id, productId: product.body.id, price: 9 }
  await insertPurchasesIgnoringKnown(pool, [
    { ...bought, orderId: `past-${id}`, purchasedAt: new Date(Date.now() - 86_400_000) },
    { ...bought, orderId: `future-${id}`, purchasedAt: new Date(Date.now() + 86_400_000) },
  ])
  const upgraded = await call('PUT', `/api/v1/admin/users/${id}`, { grade: 'GOLD' })
  expect(upgraded.body).toMatchObject({ grade: 'GOLD', createdAt: '2024-03-01T10:00:00.000Z', pastPurchases: 1 })
})

test('answers 400 for an unknown grade and 404 for an unknown shopper', async () => {
  const [id] = freshUserIds(1) as [number]
  const invalid = await call('PUT', `/api/v1/admin/users/${id}`, { grade: 'PLATINUM' })
  expect(invalid.status).toBe(400)
  expect(invalid.body.fields[0].field).toBe('grade')
  expect(await call('GET', `/api/v1/admin/users/${id}`)).toMatchObject({ status: 404, body: { code: 'UNKNOWN_SHOPPER' } })
})
