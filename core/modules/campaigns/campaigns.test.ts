import { afterAll, describe, expect, test } from 'bun:test'
import { closeTestClients } from '../../../test/support/clients'
import { testCoreApp } from '../../../test/support/core-app'

const { call } = testCoreApp()
afterAll(closeTestClients)

describe('campaigns', () => {
  test('are created, changed, read and listed newest first', async () => {
    const created = await call('POST', '/api/v1/admin/campaigns', { name: 'Black Friday', description: 'FCFS deals', budget: 5_000_000 })
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({ name: 'Black Friday', description: 'FCFS deals', budget: 5_000_000 })
    const changed = await call('PATCH', `/api/v1/admin/campaigns/${created.body.id}`, { budget: 6_000_000.5, description: null })
    expect(changed.body).toMatchObject({ name: 'Black Friday', description: null, budget: 6_000_000.5 })
    expect((await call('GET', `/api/v1/admin/campaigns/${created.body.id}`)).body).toEqual(changed.body)
    const newer = await call('POST', '/api/v1/admin/campaigns', { name: 'Cyber Monday' })
    const list = await call('GET', '/api/v1/admin/campaigns?limit=2')
    expect(list.body.items.map((c: { id: number }) => c.id)).toEqual([newer.body.id, created.body.id])
  })

  test('answer 400 with field messages and 404 for an unknown id', async () => {
    const invalid = await call('POST', '/api/v1/admin/campaigns', { budget: -5, extra: 1 })
    expect(invalid.status).toBe(400)
    const fields = invalid.body.fields.map((f: { field: string }) => f.field)
    expect(fields).toEqual(expect.arrayContaining(['name', 'budget']))
    expect(await call('GET', '/api/v1/admin/campaigns/999999999')).toMatchObject({ status: 404, body: { code: 'UNKNOWN_CAMPAIGN' } })
    expect((await call('PATCH', '/api/v1/admin/campaigns/999999999', { name: 'x' })).status).toBe(404)
    expect((await call('GET', '/api/v1/admin/campaigns/abc')).status).toBe(400)
  })
})

describe('products', () => {
  test('are created, changed, read and listed', async () => {
    const created = await call('POST', '/api/v1/admin/products', { name: 'Air fryer', price: 129_000 })
    expect(created).toMatchObject({ status: 201, body: { name: 'Air fryer', price: 129_000 } })
    const changed = await call('PATCH', `/api/v1/admin/products/${created.body.id}`, { price: 119_000 })
    expect(changed.body.price).toBe(119_000)
    expect((await call('GET', `/api/v1/admin/products/${created.body.id}`)).body.price).toBe(119_000)
    const list = await call('GET', '/api/v1/admin/products?limit=1')
    expect(list.body.items[0].id).toBe(created.body.id)
  })

  test('answer 400 without a price and 404 for an unknown id', async () => {
    const invalid = await call('POST', '/api/v1/admin/products', { name: 'No price' })
    expect(invalid.body.fields).toContainEqual({ field: 'price', message: 'is required' })
    expect(await call('GET', '/api/v1/admin/products/999999999')).toMatchObject({ status: 404, body: { code: 'UNKNOWN_PRODUCT' } })
  })
})
