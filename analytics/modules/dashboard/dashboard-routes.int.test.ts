/**
 * The dashboards' JSON API through the analytics app, as a signed-in analyst: every bad parameter
 * answers 400 INVALID_PARAMETER naming it, unknown ids 404, and closed periods come from the cache.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { createRedisStreamsBus } from '../../../common/bus/redis-streams'
import { createLogger } from '../../../common/log'
import { createRegistry } from '../../../common/metrics'
import { closeTestClients, testPool, testRedis } from '../../../test/support/clients'
import { loadDashboardFixture, type DashboardFixture } from '../../../test/support/dashboard-fixture'
import { signedInAs, type SignedIn } from '../../../test/support/marketer'
import { createAnalyticsApp } from '../../app'
import { coreAdmin } from '../admin-forms/core-admin'
import { parseServerTiming } from '../../dashboards/timing'
import { reportingPool } from '../../reporting/pool'
import { createMysqlBehaviorStore } from '../../store/mysql'

const redis = testRedis('dashboard-routes-test')
const log = createLogger({ process: 'dashboard-routes-test' }, 'error')
const store = createMysqlBehaviorStore()
const reporting = reportingPool()
const pool = testPool(2)
const app = createAnalyticsApp({ bus: createRedisStreamsBus(() => redis, log), store, redis, reporting, accounts: pool, core: coreAdmin({ url: 'http://127.0.0.1:9', token: '' }), log, registry: createRegistry('analytics-test') })
let f: DashboardFixture
let analyst: SignedIn

beforeAll(async () => {
  f = await loadDashboardFixture(pool, redis, store)
  analyst = await signedInAs(app, pool, 'analyst')
})
afterAll(async () => {
  await Promise.all([store.close(), reporting.end()])
  await closeTestClients()
})

async function get(path: string) {
  const response = await analyst.request(`/api/v1/dashboard${path}`)
  return { status: response.status, body: (await response.json()) as any }
}

describe('bad parameters answer 400 INVALID_PARAMETER naming the parameter', () => {
  const cases: Array<[string, () => string, string]> = [
    ['custom without a start date', () => `/campaign/${f.campaignId}?period=custom&endDate=2025-11-11`, 'startDate'],
    ['custom without an end date', () => `/campaign/${f.campaignId}?period=custom&startDate=2025-11-10`, 'endDate'],
    ['an end before its start', () => `/campaign/${f.campaignId}?period=custom&startDate=2025-11-10&endDate=2025-11-09`, 'endDate'],
    ['an unparseable date', () => `/campaign/${f.campaignId}?period=custom&startDate=2025-13-01&endDate=2025-11-11`, 'startDate'],
    ['a date that is not a date at all', () => `/campaign/${f.campaignId}/comparison?period=custom&startDate=2025-11-10&endDate=soon`, 'endDate'],
    ['an unknown widget', () => `/campaign/${f.campaignId}?widgets=overview,weather`, 'widgets'],
    ['an unknown period', () => `/campaign/${f.campaignId}?period=2w`, 'period'],
    ['a non-canonical campaign id', () => '/campaign/01', 'id'],
    ['an id in another notation', () => '/activity/1e3', 'id'],
    ['an id that is no number', () => '/activity/abc/segments', 'id'],
    ['one date alone for hourly inflow', () => `/activity/${f.a1}/hourly?startDate=2025-11-10`, 'endDate'],
    ['a bad segment date', () => `/activity/${f.a1}/segments?startDate=2025-11-10&endDate=2025-11-31`, 'endDate'],
    ['an end before its start for costs', () => `/campaign/${f.campaignId}/costs?startDate=2025-11-10T10:00&endDate=2025-11-10T09:00`, 'endDate'],
  ]
  for (const [what, path, parameter] of cases)
    test(what, async () => {
      const { status, body } = await get(path())
      expect({ status, code: body.code, parameter: body.parameter }).toEqual({ status: 400, code: 'INVALID_PARAMETER', parameter })
      expect(body.message).toStartWith(`${parameter} `)
    })
})

describe('unknown ids answer 404', () => {
  for (const path of ['/activity/999999999999', '/activity/999999999999/hourly', '/activity/999999999999/segments'])
    test(path, async () => {
      expect(await get(path)).toEqual({ status: 404, body: { code: 'ACTIVITY_NOT_FOUND', message: 'activity 999999999999 does not exist' } })
    })
  for (const path of ['/campaign/999999999999', '/campaign/999999999999/comparison', '/campaign/999999999999/costs'])
    test(path, async () => {
      expect(await get(path)).toEqual({ status: 404, body: { code: 'CAMPAIGN_NOT_FOUND', message: 'campaign 999999999999 does not exist' } })
    })
})

describe('cache', () => {
  test('a closed period is computed once: asked again it answers the same calculatedAt and numbers, though a purchase arrived meanwhile', async () => {
    const path = `/campaign/${f.campaignId}?widgets=overview,comparison&period=custom&startDate=2025-11-10&endDate=2025-11-11`
    const first = await get(path)
    expect(first.status).toBe(200)
    expect(first.body.data.overview.purchaseCount).toBe(4)
    await pool.query(
      "INSERT INTO purchases (order_id, campaign_activity_id, user_id, product_id, price, purchased_at) VALUES (?, ?, ?, ?, 10000, '2025-11-10 05:00:00')",
      [`late-${crypto.randomUUID()}`, f.a1, f.users.u2, f.products.p1],
    )
    const second = await get(path)
    expect(second.body.calculatedAt).toBe(first.body.calculatedAt)
    expect(second.body.data).toEqual(first.body.data)
    // another question (other widgets) is computed afresh and sees the purchase
    const other = await get(`/campaign/${f.campaignId}?widgets=overview&period=custom&startDate=2025-11-10&endDate=2025-11-11`)
    expect(other.body.data.overview.purchaseCount).toBe(5)
  })

  test('a period that reaches now is computed on every call', async () => {
    const first = await get(`/campaign/${f.campaignId}/costs`)
    await Bun.sleep(5)
    const second = await get(`/campaign/${f.campaignId}/costs`)
    expect(second.body.calculatedAt > first.body.calculatedAt).toBe(true)
  })

  test('realtime is live even inside a cached answer: a stock change shows at once', async () => {
    const path = `/campaign/${f.campaignId}?widgets=overview,realtime&period=custom&startDate=2025-11-10&endDate=2025-11-10`
    const first = await get(path)
    await redis.set(`{act:${f.a1}}:stock`, '6')
    const second = await get(path)
    expect(second.body.calculatedAt).toBe(first.body.calculatedAt)
    expect([first.body.data.realtime.remainingStock, second.body.data.realtime.remainingStock]).toEqual([11, 10])
    await redis.set(`{act:${f.a1}}:stock`, '7')
  })
})

describe('the activity answer', () => {
  test('is live where it must be: a purchase shows at once in the overview while the funnel by people comes from the cache', async () => {
    const first = await get(`/activity/${f.a1}`)
    await pool.query(
      "INSERT INTO purchases (order_id, campaign_activity_id, user_id, product_id, price, purchased_at) VALUES (?, ?, ?, ?, 2500, '2025-11-10 06:00:00')",
      [`live-${crypto.randomUUID()}`, f.a1, f.users.u2, f.products.p1],
    )
    const second = await get(`/activity/${f.a1}`)
    expect(second.body.overview.purchaseCount).toBe(first.body.overview.purchaseCount + 1)
    expect(second.body.overview.revenue).toBe(first.body.overview.revenue + 2500)
    expect(second.body.peopleFunnel.calculatedAt).toBe(first.body.peopleFunnel.calculatedAt)
  })

  test('says in Server-Timing how long each part took', async () => {
    const response = await analyst.request(`/api/v1/dashboard/activity/${f.a1}`)
    const parts = parseServerTiming(response.headers.get('server-timing'))
    expect(Object.keys(parts).sort()).toEqual(['overview', 'people', 'realtime', 'target', 'total'])
    expect(parts.total!).toBeGreaterThanOrEqual(parts.overview!)
  })
})
