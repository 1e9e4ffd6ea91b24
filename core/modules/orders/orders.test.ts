import { afterAll, expect, test } from 'bun:test'
import type { RowDataPacket } from '../../../common/clients/mysql'
import { activityKeys } from '../../../common/redis/keys'
import { closeTestClients } from '../../../test/support/clients'
import { freshUserIds, testCoreApp } from '../../../test/support/core-app'

const { call, pool, redis, openActivity } = testCoreApp()
afterAll(closeTestClients)

const run = crypto.randomUUID().slice(0, 8)
const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString()

async function product(price = 30) {
  return (await call('POST', '/api/v1/admin/products', { name: 'Regular product', price })).body.id as number
}

async function purchaseRows(orderIds: string[]) {
  const [rows] = await pool.query<RowDataPacket[]>(
    `SELECT order_id, campaign_activity_id, CAST(user_id AS CHAR) AS user_id, product_id, CAST(price AS CHAR) AS price, quantity, purchased_at
       FROM purchases WHERE order_id IN (?) ORDER BY order_id`,
    [orderIds],
  )
  return rows
}

async function purchaseEvents(orderIds: string[]) {
  const [rows] = await pool.query<RowDataPacket[]>('SELECT message_key, payload FROM outbox WHERE topic = ? ORDER BY id', ['axon.event.raw'])
  return rows.map((r) => ({ key: r.message_key, event: JSON.parse(r.payload) })).filter(({ event }) => orderIds.includes(event.properties?.orderId))
}

test('a batch stores each new order once with a backend PURCHASE event; bad orders are rejected one by one; sending it again stores nothing', async () => {
  const productId = await product()
  const [known, unknown] = freshUserIds(2) as [number, number]
  await call('PUT', `/api/v1/admin/users/${known}`, { grade: 'GOLD' })
  const id = (n: number) => `${run}-a${n}`
  const batch = {
    orders: [
      { orderId: id(1), userId: known, productId, price: 30, purchasedAt: daysAgo(400) },
      { orderId: id(2), userId: String(unknown), productId: String(productId), price: '12345678901.99', quantity: 3, purchasedAt: daysAgo(10) },
      { orderId: id(3), userId: unknown, productId: 999_999_999, price: 5, purchasedAt: daysAgo(1) },
      { orderId: id(4), userId: unknown, productId, price: 5, purchasedAt: new Date(Date.now() + 3_600_000).toISOString() },
      { orderId: id(1), userId: known, productId, price: 30, purchasedAt: daysAgo(400) },
      { orderId: id(2), userId: known, productId, price: 30, purchasedAt: daysAgo(1) },
      { orderId: id(5), userId: unknown, productId, price: 0, purchasedAt: new Date().toISOString() },
    ],
  }
  const first = await call('POST', '/api/v1/admin/orders', batch)
  expect(first.status).toBe(200)
  expect(first.body).toEqual({
    stored: 3,
    duplicates: 1,
    rejected: [
      { index: 2, orderId: id(3), code: 'UNKNOWN_PRODUCT', message: 'product 999999999 does not exist' },
      { index: 3, orderId: id(4), code: 'PURCHASED_IN_FUTURE', message: expect.stringContaining('is in the future') },
      { index: 5, orderId: id(2), code: 'ORDER_ID_TAKEN', message: `order ${id(2)} is recorded for shopper ${unknown} and product ${productId}` },
    ],
  })

  const rows = await purchaseRows([1, 2, 3, 4, 5].map(id))
  expect(rows.map((r) => [r.order_id, r.campaign_activity_id, r.user_id, r.price, r.quantity])).toEqual([
    [id(1), null, String(known), '30.00', 1],
    [id(2), null, String(unknown), '12345678901.99', 3],
    [id(5), null, String(unknown), '0.00', 1],
  ])
  expect(rows[0]!.purchased_at).toEqual(new Date(batch.orders[0]!.purchasedAt))

  // the unknown shopper is a BRONZE member who signed up by their first order; the known one is left alone
  expect((await call('GET', `/api/v1/admin/users/${unknown}`)).body).toMatchObject({ grade: 'BRONZE', createdAt: batch.orders[1]!.purchasedAt, pastPurchases: 2 })
  expect((await call('GET', `/api/v1/admin/users/${known}`)).body).toMatchObject({ grade: 'GOLD', pastPurchases: 1 })

  const events = await purchaseEvents([1, 2, 5].map(id))
  expect(events).toHaveLength(3)
  const second = events.find((e) => e.event.properties.orderId === id(2))!
  expect(second.key).toBe(String(unknown))
  expect(second.event).toEqual({
    eventId: `backend:purchase-${id(2)}`,
    triggerType: 'PURCHASE',
    occurredAt: batch.orders[1]!.purchasedAt,
    userId: unknown,
    userAgent: 'axon-core',
    properties: { source: 'backend', productId, price: 12345678901.99, quantity: 3, amount: 37037036705.97, orderId: id(2) },
  })

  const again = await call('POST', '/api/v1/admin/orders', batch)
  expect(again.body).toMatchObject({ stored: 0, duplicates: 4 })
  expect(again.body.rejected.map((r: { code: string }) => r.code)).toEqual(['UNKNOWN_PRODUCT', 'PURCHASED_IN_FUTURE', 'ORDER_ID_TAKEN'])
  expect(await purchaseRows([1, 2, 3, 4, 5].map(id))).toHaveLength(3)
  expect(await purchaseEvents([1, 2, 5].map(id))).toHaveLength(3)
})

test("an order stored counts on the shopper's next reservation: their cached verdicts are marked for a re-check", async () => {
  const { activity } = await openActivity({ rules: { minPastPurchases: 1 } })
  const [userId] = freshUserIds(1) as [number]
  const verdictKey = activityKeys(activity.id).verdict(userId)
  await redis.set(verdictKey, '0:TOO_FEW_PAST_PURCHASES:buy something first')
  const answer = await call('POST', '/api/v1/admin/orders', { orders: [{ orderId: `${run}-r1`, userId, productId: await product(), price: 10, purchasedAt: daysAgo(2) }] })
  expect(answer.body).toEqual({ stored: 1, duplicates: 0, rejected: [] })
  expect(await redis.get(verdictKey)).toStartWith('?:')
  expect((await call('GET', `/internal/eligibility/activities/${activity.id}/users/${userId}`)).body).toEqual({ eligible: true })
})

test('an order id a promotion entry already used is rejected', async () => {
  const productId = await product()
  const [userId] = freshUserIds(1) as [number]
  await call('POST', '/api/v1/admin/orders', { orders: [{ orderId: `${run}-p1`, userId, productId, price: 1, purchasedAt: daysAgo(1) }] })
  await pool.query('UPDATE purchases SET campaign_activity_id = (SELECT MIN(id) FROM campaign_activities) WHERE order_id = ?', [`${run}-p1`])
  const answer = await call('POST', '/api/v1/admin/orders', { orders: [{ orderId: `${run}-p1`, userId, productId, price: 1, purchasedAt: daysAgo(1) }] })
  expect(answer.body.rejected).toEqual([{ index: 0, orderId: `${run}-p1`, code: 'ORDER_ID_TAKEN', message: `order ${run}-p1 is a promotion entry's order` }])
})

test.each([
  ['no orders', { orders: [] }, 'orders'],
  ['1001 orders', { orders: Array.from({ length: 1001 }, (_, i) => ({ orderId: `o${i}`, userId: 1, productId: 1, price: 1, purchasedAt: daysAgo(1) })) }, 'orders'],
  ['a price with three decimals', { orders: [{ orderId: 'o', userId: 1, productId: 1, price: '1.005', purchasedAt: daysAgo(1) }] }, 'orders/0/price'],
  ['a user id with a leading zero', { orders: [{ orderId: 'o', userId: '0123', productId: 1, price: 1, purchasedAt: daysAgo(1) }] }, 'orders/0/userId'],
  ['a date without a zone', { orders: [{ orderId: 'o', userId: 1, productId: 1, price: 1, purchasedAt: '2026-01-01T10:00:00' }] }, 'orders/0/purchasedAt'],
  ['a missing order id', { orders: [{ userId: 1, productId: 1, price: 1, purchasedAt: daysAgo(1) }] }, 'orders/0/orderId'],
  ['a quantity of 0', { orders: [{ orderId: 'o', userId: 1, productId: 1, price: 1, quantity: 0, purchasedAt: daysAgo(1) }] }, 'orders/0/quantity'],
])('%s is a 400 naming the field', async (_, body, field) => {
  const answer = await call('POST', '/api/v1/admin/orders', body)
  expect(answer.status).toBe(400)
  expect(answer.body.code).toBe('VALIDATION_FAILED')
  expect(answer.body.fields.map((f: { field: string }) => f.field)).toContain(field)
})
