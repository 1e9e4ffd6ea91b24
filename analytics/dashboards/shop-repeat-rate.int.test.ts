/**
 * The shop's average repeat rate against cohorts computed by hand. Purchases go into MySQL as core
 * records them, core's cohort job summarises them. Shop zone Asia/Seoul (UTC+9); range July 2019
 * in UTC days. Repeater = two purchases or more since the first in the activity, of any kind.
 *   campaign X: X1 — u1 first 07-03, again 07-10 (normal) and 07-12 (in X2): repeater
 *                    u2 first 07-05, nothing since
 *                    u3 first 07-31T20:00Z (shop day 08-01, inside the range's UTC end), again 08-15: repeater
 *                    u8 first 08-01T00:00Z (the range's exclusive end): outside
 *               X2 — u1 first in X2 07-12, nothing since: not a repeater here
 *                    u4 first 07-20, again 07-21: repeater
 *   campaign Y: Y1 — u5 first 07-08, nothing since; u6 first 07-09, again 07-30: repeater
 *                    u7 first 06-30T14:00Z (before the range): outside
 * X: 5 customers, 3 repeaters (60 %); Y: 2, 1 (50 %); both: 7, 4 (57.14 %).
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { reportingPool } from '../reporting/pool'
import { createLogger } from '../../common/log'
import { refreshCohortSummaries } from '../../core/jobs/cohort-summaries'
import { closeTestClients, testRedis } from '../../test/support/clients'
import { freshUserIds, testCoreApp } from '../../test/support/core-app'
import { cohortAnalysis, type CohortDeps } from './cohort'
import { shopRepeatRate } from './shop-repeat-rate'

const { pool, call } = testCoreApp()
const reporting = reportingPool()
const redis = testRedis('shop-repeat-rate-test')
const deps: CohortDeps = { reporting, redis, log: createLogger({ process: 'shop-repeat-rate-test' }, 'error'), cacheSeconds: 0 }
afterAll(async () => {
  await reporting.end()
  await closeTestClients()
})

let product = 0
async function activityIn(campaignId: number, name: string) {
  const made = await call('POST', `/api/v1/admin/campaigns/${campaignId}/activities`, {
    name, productId: product, price: 100, limit: 100, startsAt: '2019-06-01T00:00:00Z', endsAt: '2019-09-01T00:00:00Z',
  })
  return made.body.id as number
}

async function buy(userId: number, activityId: number | null, at: string) {
  await pool.query('INSERT IGNORE INTO users (id) VALUES (?)', [userId])
  await pool.query(
    'INSERT INTO purchases (order_id, campaign_activity_id, user_id, product_id, price, quantity, purchased_at) VALUES (?, ?, ?, ?, 100, 1, ?)',
    [`shop-rate-${crypto.randomUUID()}`, activityId, userId, product, new Date(at)],
  )
}

let X = 0
let Y = 0
let X1 = 0
beforeAll(async () => {
  product = (await call('POST', '/api/v1/admin/products', { name: 'Shop rate product', price: 120 })).body.id
  X = (await call('POST', '/api/v1/admin/campaigns', { name: 'Shop rate X', budget: 1000 })).body.id
  Y = (await call('POST', '/api/v1/admin/campaigns', { name: 'Shop rate Y', budget: 1000 })).body.id
  X1 = await activityIn(X, 'X1')
  const X2 = await activityIn(X, 'X2')
  const Y1 = await activityIn(Y, 'Y1')
  const [u1, u2, u3, u4, u5, u6, u7, u8] = freshUserIds(8) as [number, number, number, number, number, number, number, number]
  await buy(u1, X1, '2019-07-03T03:00:00Z')
  await buy(u1, null, '2019-07-10T03:00:00Z')
  await buy(u1, X2, '2019-07-12T03:00:00Z')
  await buy(u2, X1, '2019-07-05T03:00:00Z')
  await buy(u3, X1, '2019-07-31T20:00:00Z')
  await buy(u3, null, '2019-08-15T03:00:00Z')
  await buy(u8, X1, '2019-08-01T00:00:00Z')
  await buy(u8, null, '2019-08-02T00:00:00Z')
  await buy(u4, X2, '2019-07-20T03:00:00Z')
  await buy(u4, null, '2019-07-21T03:00:00Z')
  await buy(u5, Y1, '2019-07-08T03:00:00Z')
  await buy(u6, Y1, '2019-07-09T03:00:00Z')
  await buy(u6, null, '2019-07-30T03:00:00Z')
  await buy(u7, Y1, '2019-06-30T14:00:00Z')
  await buy(u7, null, '2019-07-02T14:00:00Z')
  await refreshCohortSummaries(pool, { timeZone: 'Asia/Seoul' })
})

const july = { startDate: '2019-07-01', endDate: '2019-07-31' }

describe("the shop's average repeat rate", () => {
  test('pools the cohorts of the visible campaigns\' activities', async () => {
    expect(await shopRepeatRate(deps, july, [X])).toMatchObject({
      cohortStartDate: '2019-07-01T00:00:00.000Z', cohortEndDate: '2019-07-31T23:59:59.999Z',
      activities: 2, totalCustomers: 5, repeatCustomers: 3, repeatPurchaseRate: 60,
    })
    expect(await shopRepeatRate(deps, july, [Y])).toMatchObject({ activities: 1, totalCustomers: 2, repeatCustomers: 1, repeatPurchaseRate: 50 })
    expect(await shopRepeatRate(deps, july, [X, Y, X])).toMatchObject({ activities: 3, totalCustomers: 7, repeatCustomers: 4, repeatPurchaseRate: 57.14 })
  })

  test('no campaigns given: every activity of the shop; an empty list: none', async () => {
    expect(await shopRepeatRate(deps, july)).toMatchObject({ totalCustomers: 7, repeatCustomers: 4, repeatPurchaseRate: 57.14 })
    expect(await shopRepeatRate(deps, july, 'all')).toMatchObject({ totalCustomers: 7, repeatCustomers: 4 })
    expect(await shopRepeatRate(deps, july, [])).toMatchObject({ activities: 0, totalCustomers: 0, repeatCustomers: 0, repeatPurchaseRate: 0 })
  })

  test('counts a cohort as the cohort analysis does', async () => {
    const cohort = await cohortAnalysis(deps, { activityId: X1, ...july })
    expect({ customers: cohort.totalCustomers, rate: cohort.repeatPurchaseRate }).toEqual({ customers: 3, rate: 66.67 })
    const narrowed = { startDate: '2019-07-04', endDate: '2019-07-31' }
    expect(await shopRepeatRate(deps, narrowed, [X])).toMatchObject({ totalCustomers: 4, repeatCustomers: 2, repeatPurchaseRate: 50 })
  })

  test('a bad parameter answers 400 INVALID_PARAMETER naming it', async () => {
    const bad = async (params: Record<string, string>) => {
      try {
        await shopRepeatRate(deps, params as typeof july)
        return undefined
      } catch (error) {
        return error as { code: string; status: number; message: string }
      }
    }
    expect(await bad({ startDate: 'yesterday', endDate: '2019-07-31' })).toMatchObject({ code: 'INVALID_PARAMETER', status: 400 })
    expect((await bad({ startDate: '2019-07-10', endDate: '2019-07-01' }))?.message).toStartWith('endDate')
    expect((await bad({ endDate: '2019-07-01' }))?.message).toStartWith('startDate')
  })
})
