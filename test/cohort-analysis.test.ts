/**
 * Acceptance 2 of issue 8: a cohort computed by hand. Purchases go into MySQL as core records them,
 * core's cohort job summarises them, and the cohort API answers from the summaries.
 *
 * Shop time zone Asia/Seoul (UTC+9). Activity A shares its campaign's budget of 1,000 with C
 * after B's own 200: A's acquisition cost is (1000 − 200) / 2 = 400. Cohort = first purchase in A
 * in 2024-03-01 … 2024-03-31 (UTC days):
 *   U1 first 03-05 12:00 KST (100); bought before it (500 normal, 300 in B: not counted); again at
 *      +30 d exactly (50), +31 d (70), +365 d (200 in C), +366 d (400)     → 5 purchases, 820
 *   U2 first 03-10 00:10 KST (100), again 03-11 23:50 KST (60): 47 h 40 min, next calendar day
 *   U3 first 03-10 23:30 KST (100), again 40 min later after midnight (30) and at +7 d (40)
 *   U4 first 03-20 (2 × 100), nothing since
 *   outside: U5 first at 2024-04-01T00:00Z (the range's exclusive end), U6 first in A in February
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { Elysia } from 'elysia'
import { cohortAnalysis, type CohortDeps } from '../analytics/dashboards/cohort'
import { cohortRoutes } from '../analytics/modules/cohort'
import { reportingPool } from '../analytics/reporting/pool'
import { config } from '../common/config'
import { errorHandling } from '../common/http/errors'
import { createLogger } from '../common/log'
import { refreshCohortSummaries } from '../core/jobs/cohort-summaries'
import { closeTestClients, testRedis } from './support/clients'
import { freshUserIds, testCoreApp } from './support/core-app'

const { pool, call } = testCoreApp()
const reporting = reportingPool()
const redis = testRedis('cohort-test')
const log = createLogger({ process: 'cohort-test' }, 'error')
afterAll(async () => {
  await reporting.end()
  await closeTestClients()
})

const zone = 'Asia/Seoul'
const day = 86_400_000
const hour = 3_600_000
// the shop day the matrix is read on: 2025-03-20 in Seoul
const now = () => new Date('2025-03-20T03:00:00Z')
const deps: CohortDeps = { reporting, redis, log, now, cacheSeconds: 0 }
const summarise = () => refreshCohortSummaries(pool, { timeZone: zone })

let product = 0
async function activityIn(campaignId: number, name: string) {
  const made = await call('POST', `/api/v1/admin/campaigns/${campaignId}/activities`, {
    name, productId: product, price: 100, limit: 100, startsAt: '2024-03-01T00:00:00Z', endsAt: '2024-04-30T00:00:00Z',
  })
  return made.body.id as number
}

async function buy(userId: number, activityId: number | null, price: number, at: Date | number, quantity = 1) {
  await pool.query('INSERT IGNORE INTO users (id) VALUES (?)', [userId])
  await pool.query(
    'INSERT INTO purchases (order_id, campaign_activity_id, user_id, product_id, price, quantity, purchased_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    [`cohort-${crypto.randomUUID()}`, activityId, userId, product, price, quantity, new Date(at)],
  )
}

/** a matrix row of `length` offsets, 0 except the shares given per offset */
const row = (length: number, shares: Record<number, number> = {}) => Array.from({ length }, (_, i) => shares[i + 1] ?? 0)

let A = 0
beforeAll(async () => {
  product = (await call('POST', '/api/v1/admin/products', { name: 'Cohort product', price: 120 })).body.id
  const campaign = (await call('POST', '/api/v1/admin/campaigns', { name: 'Cohort campaign', budget: 1000 })).body.id
  A = await activityIn(campaign, 'Spring FCFS')
  const B = await activityIn(campaign, 'With its own budget')
  const C = await activityIn(campaign, 'Sharing the rest')
  await pool.query('UPDATE campaign_activities SET budget = 200 WHERE id = ?', [B])

  const [u1, u2, u3, u4, u5, u6] = freshUserIds(6) as [number, number, number, number, number, number]
  const t1 = Date.parse('2024-03-05T03:00:00Z')
  await buy(u1, null, 500, Date.parse('2024-02-01T00:00:00Z'))
  await buy(u1, B, 300, Date.parse('2024-02-15T00:00:00Z'))
  await buy(u1, A, 100, t1)
  await buy(u1, null, 50, t1 + 30 * day)
  await buy(u1, null, 70, t1 + 31 * day)
  await buy(u1, C, 200, t1 + 365 * day)
  await buy(u1, null, 400, t1 + 366 * day)
  const t2 = Date.parse('2024-03-09T15:10:00Z')
  await buy(u2, A, 100, t2)
  await buy(u2, null, 60, t2 + 47 * hour + 40 * 60_000)
  const t3 = Date.parse('2024-03-10T14:30:00Z')
  await buy(u3, A, 100, t3)
  await buy(u3, null, 30, t3 + 40 * 60_000)
  await buy(u3, null, 40, t3 + 7 * day)
  await buy(u4, A, 100, Date.parse('2024-03-20T01:00:00Z'), 2)
  await buy(u5, A, 100, Date.parse('2024-04-01T00:00:00Z'))
  await buy(u5, null, 900, Date.parse('2024-04-02T00:00:00Z'))
  await buy(u6, A, 100, Date.parse('2024-02-20T00:00:00Z'))
  await buy(u6, A, 100, Date.parse('2024-03-15T00:00:00Z'))
  await summarise()
})

const march = { startDate: '2024-03-01', endDate: '2024-03-31' }

describe('cohort analysis of a hand-computed cohort', () => {
  test('the shop time zone is the one the fixture was computed in', () => {
    expect(config.shopTimeZone).toBe(zone)
  })

  test('LTV windows, CAC, ratios, repeat rate, frequency, order value, revenue and ROAS', async () => {
    const cohort = await cohortAnalysis(deps, { activityId: A, ...march })
    expect(cohort).toMatchObject({
      cohortId: `activity-${A}`,
      cohortName: 'Spring FCFS',
      cohortStartDate: '2024-03-01T00:00:00.000Z',
      cohortEndDate: '2024-03-31T23:59:59.999Z',
      totalCustomers: 4,
      totalAcquisitionCost: 400,
      avgCAC: 100,
      ltv30d: 170, // (150 + 160 + 170 + 200) / 4
      ltv90d: 187.5, // U1's day 31 comes in
      ltv365d: 237.5, // and its day 365
      ltvCurrent: 337.5, // and its day 366
      ltvCacRatio30d: 1.7,
      ltvCacRatio90d: 1.88,
      ltvCacRatio365d: 2.38,
      ltvCacRatioCurrent: 3.38,
      repeatPurchaseRate: 75,
      avgPurchaseFrequency: 2.75,
      avgOrderValue: 122.73, // 1350 / 11
      totalRevenue: 1350,
      roas: 3.38,
    })
    expect(Date.parse(cohort.calculatedAt)).toBeGreaterThan(Date.now() - 60_000)
  })

  test('rolling retention: within N × 24 h of the first purchase', async () => {
    const cohort = await cohortAnalysis(deps, { activityId: A, ...march, retention: 'rolling' })
    // D1: U3 (40 min); D7: + U2 (47 h 40 min); D30: + U1 (exactly 30 × 24 h)
    expect(cohort.retention).toEqual({ mode: 'rolling', d1: 25, d7: 50, d30: 75 })
    expect(cohort.retentionMatrix).toEqual([
      { acquisitionDay: '2024-03-05', customers: 1, days: row(380, { 30: 100, 31: 100, 365: 100, 366: 100 }) },
      // U3's purchase 40 minutes on is day 0: not a column
      { acquisitionDay: '2024-03-10', customers: 2, days: row(375, { 1: 50, 7: 50 }) },
      { acquisitionDay: '2024-03-20', customers: 1, days: row(365) },
    ])
  })

  test('calendar retention: shop calendar days, so a purchase after midnight is day 1', async () => {
    const cohort = await cohortAnalysis(deps, { activityId: A, ...march, retention: 'calendar' })
    expect(cohort.retention).toEqual({ mode: 'calendar', d1: 50, d7: 50, d30: 75 })
    expect(cohort.retentionMatrix[1]).toEqual({ acquisitionDay: '2024-03-10', customers: 2, days: row(375, { 1: 100, 7: 50 }) })
    expect(cohort.ltvCurrent).toBe(337.5)
  })

  test('the range takes first purchases only: a customer who first bought in A before it is not in it, nor one at its end', async () => {
    const toInstant = (endDate: string) => cohortAnalysis(deps, { activityId: A, startDate: '2024-03-01', endDate })
    // an end given as an instant is exclusive; as a date alone it takes in the whole day
    expect((await toInstant('2024-04-01T00:00:00Z')).totalCustomers).toBe(4)
    expect((await toInstant('2024-04-01T00:00:00.001Z')).totalCustomers).toBe(5)
    expect((await toInstant('2024-04-01')).totalCustomers).toBe(5)
    const fromFebruary = await cohortAnalysis(deps, { activityId: A, startDate: '2024-02-01', endDate: '2024-03-31' })
    expect(fromFebruary.totalCustomers).toBe(5)
  })

  test('an empty cohort answers zeros, ratios null', async () => {
    const cohort = await cohortAnalysis(deps, { activityId: A, startDate: '2023-01-01', endDate: '2023-01-31' })
    expect(cohort).toMatchObject({
      totalCustomers: 0, totalAcquisitionCost: 400, avgCAC: 0, ltv30d: 0, ltv90d: 0, ltv365d: 0, ltvCurrent: 0,
      ltvCacRatio30d: null, ltvCacRatio90d: null, ltvCacRatio365d: null, ltvCacRatioCurrent: null,
      repeatPurchaseRate: 0, avgPurchaseFrequency: 0, avgOrderValue: 0, totalRevenue: 0, roas: 0,
      retention: { mode: 'rolling', d1: 0, d7: 0, d30: 0 }, retentionMatrix: [],
    })
  })
})

describe('the cohort API', () => {
  const app = new Elysia().use(errorHandling(log)).use(cohortRoutes(deps))
  const get = async (path: string) => {
    const response = await app.handle(new Request(`http://localhost/api/v1/dashboard/cohort/activity/${path}`))
    return { status: response.status, body: (await response.json()) as Record<string, any> }
  }

  test('answers the cohort as the service computes it', async () => {
    const { status, body } = await get(`${A}?startDate=2024-03-01&endDate=2024-03-31&retention=calendar`)
    expect(status).toBe(200)
    expect(body).toMatchObject({ totalCustomers: 4, ltvCurrent: 337.5, retention: { mode: 'calendar', d1: 50 } })
  })

  test('each bad parameter answers 400 INVALID_PARAMETER naming it; an unknown activity 404', async () => {
    const cases: Array<[string, string]> = [
      [`${A}?endDate=2024-03-31`, 'startDate'],
      [`${A}?startDate=2024-03-01`, 'endDate'],
      [`${A}?startDate=2024-02-30&endDate=2024-03-31`, 'startDate'],
      [`${A}?startDate=yesterday&endDate=2024-03-31`, 'startDate'],
      [`${A}?startDate=2024-03-01&endDate=2024-03-31T25:00:00`, 'endDate'],
      [`${A}?startDate=2024-03-10&endDate=2024-03-09`, 'endDate'],
      [`${A}?startDate=2024-03-01&endDate=2024-03-31&retention=weekly`, 'retention'],
      ['0?startDate=2024-03-01&endDate=2024-03-31', 'id'],
      ['abc?startDate=2024-03-01&endDate=2024-03-31', 'id'],
    ]
    for (const [path, parameter] of cases) {
      const { status, body } = await get(path)
      expect({ path, status, code: body.code, parameter: body.parameter }).toEqual({ path, status: 400, code: 'INVALID_PARAMETER', parameter })
      expect(body.message).toStartWith(parameter)
    }
    const missing = await get('999999999?startDate=2024-03-01&endDate=2024-03-31')
    expect(missing).toMatchObject({ status: 404, body: { code: 'ACTIVITY_NOT_FOUND' } })
  })
})

describe('keeping up with purchases', () => {
  test('a later purchase shows after the job\'s next run, and a cached answer until it expires', async () => {
    const campaign = (await call('POST', '/api/v1/admin/campaigns', { name: 'Later purchases', budget: 90 })).body.id
    const activity = await activityIn(campaign, 'Later')
    const [shopper] = freshUserIds(1) as [number]
    const first = Date.parse('2024-03-15T00:00:00Z')
    await buy(shopper, activity, 100, first)
    await summarise()
    const params = { activityId: activity, ...march }
    expect(await cohortAnalysis(deps, params)).toMatchObject({ totalCustomers: 1, ltv30d: 100, repeatPurchaseRate: 0, roas: 1.11 })

    // a normal order from the order intake, 10 days on
    const cached = await cohortAnalysis({ ...deps, cacheSeconds: 60 }, params)
    await buy(shopper, null, 35.5, first + 10 * day)
    expect((await cohortAnalysis(deps, params)).ltv30d).toBe(100)
    await summarise()
    const after = await cohortAnalysis(deps, params)
    expect(after).toMatchObject({ ltv30d: 135.5, ltvCurrent: 135.5, repeatPurchaseRate: 100, avgPurchaseFrequency: 2, roas: 1.51 })
    expect(after.retention).toEqual({ mode: 'rolling', d1: 0, d7: 0, d30: 100 })

    // the cached answer says when it was computed and stays until AXON_COHORT_CACHE_SECONDS pass
    expect(await cohortAnalysis({ ...deps, cacheSeconds: 60 }, params)).toEqual(cached)
  })
})
