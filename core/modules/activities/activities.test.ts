import { afterAll, describe, expect, test } from 'bun:test'
import { activityKeys, activityRegistryKey } from '../../../common/redis/keys'
import { closeTestClients } from '../../../test/support/clients'
import { freshUserIds, testCoreApp } from '../../../test/support/core-app'
import { insertEntry } from '../../repositories/entries'
import { insertShopperIfAbsent } from '../../repositories/users'

const { call, openActivity, redis, pool } = testCoreApp()
afterAll(closeTestClients)

describe('creating an activity', () => {
  test('publishes its settings and full stock to Redis and registers it', async () => {
    const startsAt = '2030-01-01T09:00:00.000Z'
    const endsAt = '2030-01-02T09:00:00.000Z'
    const { activity, campaign, product } = await openActivity({ startsAt, endsAt, limit: 25, price: 49.5, rules: { memberGrades: ['GOLD'] } })
    const k = activityKeys(activity.id)
    expect(await redis.hgetall(k.meta)).toEqual({
      status: 'ACTIVE',
      startsAt: String(Date.parse(startsAt)),
      endsAt: String(Date.parse(endsAt)),
      limit: '25',
      price: '49.5',
      productId: String(product.id),
      campaignId: String(campaign.id),
      hasRules: '1',
    })
    expect(await redis.get(k.stock)).toBe('25')
    expect(await redis.sismember(activityRegistryKey, String(activity.id))).toBe(1)
    expect(activity.live).toEqual({ published: true, stock: 25, participants: 0, holds: 0, confirmed: 0 })
  })

  test('is DRAFT without rules unless told otherwise, and GET shows its live state', async () => {
    const { activity } = await openActivity({ status: undefined, rules: {} })
    expect(activity.status).toBe('DRAFT')
    expect(activity.rules).toBeNull()
    expect(await redis.hget(activityKeys(activity.id).meta, 'hasRules')).toBe('0')
    await redis.sadd(activityKeys(activity.id).participants, '1', '2')
    const read = await call('GET', `/api/v1/admin/activities/${activity.id}`)
    expect(read.status).toBe(200)
    expect(read.body.live.participants).toBe(2)
    expect(read.body.startsAt).toBe(activity.startsAt)
  })

  test('answers 400 with one message per invalid field', async () => {
    const { campaign } = await openActivity()
    const reply = await call('POST', `/api/v1/admin/campaigns/${campaign.id}/activities`, {
      name: '',
      productId: 1,
      price: -1,
      limit: 0,
      startsAt: 'next friday',
      endsAt: '2030-01-01',
      status: 'LIVE',
      rules: { minPastPurchases: 1.5, vipOnly: true },
    })
    expect(reply.status).toBe(400)
    expect(reply.body.code).toBe('VALIDATION_FAILED')
    const fields = reply.body.fields.map((f: { field: string }) => f.field)
    for (const field of ['name', 'price', 'limit', 'startsAt', 'endsAt', 'status']) expect(fields).toContain(field)
    expect(fields.some((f: string) => f.startsWith('rules'))).toBe(true)
    expect(reply.body.fields).toContainEqual({ field: 'status', message: 'must be one of DRAFT, ACTIVE, PAUSED, ENDED' })
  })

  test('refuses a window that ends before it starts, and contradictory rules', async () => {
    const window = await openActivity({ startsAt: '2030-01-02T00:00:00Z', endsAt: '2030-01-01T00:00:00Z' }).catch((e: Error) => e.message)
    expect(window).toContain('"code":"INVALID_WINDOW"')
    const rules = await openActivity({ rules: { newCustomersOnly: true, minPastPurchases: 2 } }).catch((e: Error) => e.message)
    expect(rules).toContain('"code":"CONTRADICTORY_RULES"')
  })

  test('answers 404 for an unknown campaign or product', async () => {
    const { activity, product } = await openActivity()
    const body = { ...activity, id: undefined, campaignId: undefined, live: undefined, createdAt: undefined, updatedAt: undefined }
    const noCampaign = await call('POST', '/api/v1/admin/campaigns/999999999/activities', { ...body, productId: product.id })
    expect(noCampaign.status).toBe(404)
    expect(noCampaign.body.code).toBe('UNKNOWN_CAMPAIGN')
    const noProduct = await call('POST', `/api/v1/admin/campaigns/${activity.campaignId}/activities`, { ...body, productId: 999999999 })
    expect(noProduct.status).toBe(404)
    expect(noProduct.body.code).toBe('UNKNOWN_PRODUCT')
    const noActivity = await call('GET', '/api/v1/admin/activities/999999999')
    expect(noActivity).toMatchObject({ status: 404, body: { code: 'UNKNOWN_ACTIVITY' } })
  })
})

describe('changing an activity', () => {
  test('republishes a new window and status', async () => {
    const { activity } = await openActivity()
    const endsAt = '2031-06-01T00:00:00.000Z'
    const reply = await call('PATCH', `/api/v1/admin/activities/${activity.id}`, { status: 'PAUSED', endsAt })
    expect(reply.status).toBe(200)
    expect(reply.body.status).toBe('PAUSED')
    const meta = await redis.hgetall(activityKeys(activity.id).meta)
    expect(meta.status).toBe('PAUSED')
    expect(meta.endsAt).toBe(String(Date.parse(endsAt)))
    expect(meta.startsAt).toBe(String(Date.parse(activity.startsAt)))
  })

  test('republishes hasRules when rules are set and cleared', async () => {
    const { activity } = await openActivity()
    const meta = activityKeys(activity.id).meta
    await call('PATCH', `/api/v1/admin/activities/${activity.id}`, { rules: { newCustomersOnly: true } })
    expect(await redis.hget(meta, 'hasRules')).toBe('1')
    const cleared = await call('PATCH', `/api/v1/admin/activities/${activity.id}`, { rules: null })
    expect(cleared.body.rules).toBeNull()
    expect(await redis.hget(meta, 'hasRules')).toBe('0')
  })

  test('recomputes stock from the new limit, keeping holds and confirmed entries', async () => {
    const { activity } = await openActivity({ limit: 10 })
    const k = activityKeys(activity.id)
    await redis.sadd(k.confirmed, '1', '2', '3')
    await redis.zadd(k.holds, Date.now() + 60_000, 'a', Date.now() + 60_000, 'b')
    const lowered = await call('PATCH', `/api/v1/admin/activities/${activity.id}`, { limit: 6 })
    expect(lowered.status).toBe(200)
    expect(await redis.get(k.stock)).toBe('1')
    expect(lowered.body.live).toMatchObject({ stock: 1, holds: 2, confirmed: 3 })
  })

  test('refuses a limit below the units taken (confirmed in Redis or MySQL, plus holds) and keeps the old one in both', async () => {
    const { activity } = await openActivity({ limit: 10 })
    const k = activityKeys(activity.id)
    await redis.sadd(k.confirmed, '1', '2', '3')
    await redis.zadd(k.holds, Date.now() + 60_000, 'held')
    const belowRedis = await call('PATCH', `/api/v1/admin/activities/${activity.id}`, { limit: 3, name: 'not saved either' })
    expect(belowRedis).toMatchObject({ status: 409, body: { code: 'LIMIT_BELOW_TAKEN', limit: 3, confirmed: 3, holds: 1 } })
    expect((await call('GET', `/api/v1/admin/activities/${activity.id}`)).body).toMatchObject({ limit: 10, name: activity.name })
    expect(await redis.hget(k.meta, 'limit')).toBe('10')
    expect((await call('PATCH', `/api/v1/admin/activities/${activity.id}`, { limit: 4 })).body.live).toMatchObject({ stock: 0, holds: 1, confirmed: 3 })

    const other = (await openActivity({ limit: 10 })).activity
    for (const [i, userId] of freshUserIds(2).entries()) {
      await insertShopperIfAbsent(pool, userId)
      const entry = { activityId: other.id, userId, commandId: `cmd-${userId}`, reservationToken: `t-${userId}`, orderId: `o-${userId}` }
      await insertEntry(pool, { ...entry, confirmedAt: new Date(Date.now() - i) })
    }
    const belowMysql = await call('PATCH', `/api/v1/admin/activities/${other.id}`, { limit: 1 })
    expect(belowMysql).toMatchObject({ status: 409, body: { code: 'LIMIT_BELOW_TAKEN', confirmed: 2, holds: 0 } })
    expect(await redis.hget(activityKeys(other.id).meta, 'limit')).toBe('10')
    expect((await call('GET', `/api/v1/admin/activities/${other.id}`)).body.limit).toBe(10)
  })

  test('validates the merged window and answers 404 for an unknown activity', async () => {
    const { activity } = await openActivity()
    const reply = await call('PATCH', `/api/v1/admin/activities/${activity.id}`, { endsAt: '2000-01-01T00:00:00Z' })
    expect(reply).toMatchObject({ status: 400, body: { code: 'INVALID_WINDOW' } })
    expect((await call('PATCH', '/api/v1/admin/activities/999999999', { limit: 5 })).status).toBe(404)
    expect((await call('PATCH', `/api/v1/admin/activities/${activity.id}`, {})).status).toBe(400)
  })

  test('lists a campaign\'s activities', async () => {
    const { activity } = await openActivity()
    const list = await call('GET', `/api/v1/admin/campaigns/${activity.campaignId}/activities`)
    expect(list.body.items.map((a: { id: number }) => a.id)).toEqual([activity.id])
  })
})

describe('when Redis fails while publishing', () => {
  let failNext = false
  let failedId = 0
  const flaky = testCoreApp({
    activityState: (real) => ({
      ...real,
      // Redis takes the state but the answer is lost: the worst case for the caller
      publish: async (activity, entries) => {
        const outcome = await real.publish(activity, entries)
        if (!failNext) return outcome
        failNext = false
        failedId = activity.id
        throw new Error('Connection is closed.')
      },
    }),
  })

  test('a change is not saved, answers 503, and Redis gets back what MySQL holds', async () => {
    const { activity } = await flaky.openActivity({ limit: 10 })
    failNext = true
    const reply = await flaky.call('PATCH', `/api/v1/admin/activities/${activity.id}`, { limit: 20, status: 'PAUSED' })
    expect(reply).toMatchObject({ status: 503, body: { code: 'STATE_NOT_PUBLISHED' } })
    expect((await flaky.call('GET', `/api/v1/admin/activities/${activity.id}`)).body).toMatchObject({ limit: 10, status: 'ACTIVE' })
    expect(await flaky.redis.hmget(activityKeys(activity.id).meta, 'limit', 'status')).toEqual(['10', 'ACTIVE'])
    expect(await flaky.redis.get(activityKeys(activity.id).stock)).toBe('10')
  })

  test('a new activity is not saved, and Redis forgets the state it took', async () => {
    const { activity } = await flaky.openActivity()
    const before = (await flaky.call('GET', `/api/v1/admin/campaigns/${activity.campaignId}/activities`)).body.items.length
    failNext = true
    const body = { name: 'lost', productId: activity.productId, price: 1, limit: 5, startsAt: activity.startsAt, endsAt: activity.endsAt }
    const reply = await flaky.call('POST', `/api/v1/admin/campaigns/${activity.campaignId}/activities`, body)
    expect(reply).toMatchObject({ status: 503, body: { code: 'STATE_NOT_PUBLISHED' } })
    expect((await flaky.call('GET', `/api/v1/admin/campaigns/${activity.campaignId}/activities`)).body.items.length).toBe(before)
    expect((await flaky.call('GET', `/api/v1/admin/activities/${failedId}`)).status).toBe(404)
    expect(await flaky.redis.exists(activityKeys(failedId).meta)).toBe(0)
  })
})

describe("an activity's own budget", () => {
  test('is null unless set, set on create, changed and cleared on update, and read back exact', async () => {
    const { activity, campaign, product } = await openActivity()
    expect(activity.budget).toBeNull()
    const created = await call('POST', `/api/v1/admin/campaigns/${campaign.id}/activities`, {
      name: 'With a budget', productId: product.id, price: 10, limit: 5, budget: 1234567890123.45,
      startsAt: '2030-01-01T09:00:00Z', endsAt: '2030-01-02T09:00:00Z',
    })
    expect(created).toMatchObject({ status: 201, body: { budget: 1234567890123.45 } })
    const id = created.body.id
    expect((await call('PATCH', `/api/v1/admin/activities/${id}`, { budget: 500 })).body.budget).toBe(500)
    expect((await call('GET', `/api/v1/admin/activities/${id}`)).body.budget).toBe(500)
    expect((await call('PATCH', `/api/v1/admin/activities/${id}`, { name: 'renamed' })).body.budget).toBe(500)
    expect((await call('PATCH', `/api/v1/admin/activities/${id}`, { budget: null })).body.budget).toBeNull()
    expect((await call('GET', `/api/v1/admin/campaigns/${campaign.id}/activities`)).body.items.find((a: { id: number }) => a.id === id).budget).toBeNull()
  })

  test('a negative or non-numeric budget is a 400 naming it', async () => {
    const { activity } = await openActivity()
    for (const budget of [-1, '100', 1e14]) {
      const reply = await call('PATCH', `/api/v1/admin/activities/${activity.id}`, { budget })
      expect(reply.status).toBe(400)
      expect(reply.body.fields.map((f: { field: string }) => f.field)).toContain('budget')
    }
  })
})
