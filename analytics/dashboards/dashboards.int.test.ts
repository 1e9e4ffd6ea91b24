/**
 * Every dashboard number of a small campaign, against values computed by hand from the fixture
 * (test/support/dashboard-fixture.ts), read through the real read-only reporting pool, the MySQL
 * behaviour store and Redis.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { config } from '../../common/config'
import { activityKeys } from '../../common/redis/keys'
import { closeTestClients, testPool, testRedis } from '../../test/support/clients'
import { loadDashboardFixture, type DashboardFixture } from '../../test/support/dashboard-fixture'
import { reportingPool } from '../reporting/pool'
import { createMysqlBehaviorStore } from '../store/mysql'
import { activityDashboard } from './activity'
import { campaignDashboard } from './campaign'
import { promotionComparison } from './comparison'
import { activityCosts } from './costs'
import type { DashboardDeps } from './deps'
import { funnelStepNames, overviewAndFunnel, type Funnel } from './funnel'
import { hourlyInflow } from './hourly'
import { liveStock } from './realtime'
import { segments } from './segments'
import { activityTarget, campaignTarget } from './target'

const store = createMysqlBehaviorStore()
const reporting = reportingPool()
const deps: DashboardDeps = { store, reporting, redis: testRedis('dashboards-test') }
let f: DashboardFixture

beforeAll(async () => {
  f = await loadDashboardFixture(testPool(2), deps.redis, store)
})
afterAll(async () => {
  await Promise.all([store.close(), reporting.end()])
  await closeTestClients()
})

/** The funnel VISIT → CLICK → APPROVED → PURCHASE from [value, rate] per step. */
function funnel(...stepsThenOverall: [...Array<[number, number]>, number]): Funnel {
  const overallRate = stepsThenOverall.pop() as number
  const steps = (stepsThenOverall as Array<[number, number]>).map(([value, rate], i) => ({ name: funnelStepNames[i]!, value, rate }))
  return { steps, overallRate }
}

const fixturePeriod = { period: 'custom', startDate: '2025-11-10', endDate: '2025-11-11' } as const

describe('overview and funnel', () => {
  test('of an activity over all time: visits and clicks from behaviour, approved holds and purchases from MySQL', async () => {
    expect(await overviewAndFunnel(deps, await activityTarget(reporting, f.a1))).toEqual({
      overview: { totalVisits: 8, totalClicks: 4, totalParticipants: 4, approvedCount: 5, purchaseCount: 3, revenue: 40_000, conversionRate: 37.5 },
      funnel: funnel([8, 100], [4, 50], [5, 125], [3, 60], 37.5),
    })
  })

  test('of a campaign over a custom period: every activity, only what happened inside it', async () => {
    const all = await campaignDashboard(deps, { campaignId: f.campaignId, widgets: 'overview,funnel', ...fixturePeriod })
    expect(all).toMatchObject({ campaignId: f.campaignId, period: 'custom', startDate: '2025-11-10T00:00:00.000Z', endDate: '2025-11-12T00:00:00.000Z' })
    expect(all.data).toEqual({
      overview: { totalVisits: 10, totalClicks: 5, totalParticipants: 5, approvedCount: 7, purchaseCount: 4, revenue: 90_000, conversionRate: 40 },
      funnel: funnel([10, 100], [5, 50], [7, 140], [4, 57.1], 40),
    } as typeof all.data)
    const firstDay = await campaignDashboard(deps, { campaignId: f.campaignId, widgets: 'overview', period: 'custom', startDate: '2025-11-10', endDate: '2025-11-10' })
    expect(firstDay.data.overview).toEqual({
      totalVisits: 7, totalClicks: 3, totalParticipants: 3, approvedCount: 4, purchaseCount: 3, revenue: 40_000, conversionRate: 42.86,
    })
  })
})

describe('comparison', () => {
  test('per shop day (Asia/Seoul): promotion against normal purchases of the campaign products; baseline over the 28 days before', async () => {
    expect(config.shopTimeZone).toBe('Asia/Seoul')
    const answer = await promotionComparison(deps, { campaignId: f.campaignId, ...fixturePeriod })
    expect(answer.days).toEqual([
      { date: '2025-11-10', promotionPurchases: 2, promotionRevenue: 20_000, normalPurchases: 0, normalRevenue: 0 },
      { date: '2025-11-11', promotionPurchases: 2, promotionRevenue: 70_000, normalPurchases: 2, normalRevenue: 67_000 },
      { date: '2025-11-12', promotionPurchases: 0, promotionRevenue: 0, normalPurchases: 1, normalRevenue: 36_000 },
    ])
    expect(answer.baseline).toEqual({ dailyPurchases: 0.11, dailyRevenue: 3071.43, from: '2025-10-13T00:00:00.000Z', to: '2025-11-10T00:00:00.000Z' })
  })
})

describe('segments', () => {
  const expectedCampaign = {
    byGrade: [
      { grade: 'BRONZE', purchases: 1, revenue: 20_000, approved: 2, conversionRate: 50 },
      { grade: 'GOLD', purchases: 2, revenue: 60_000, approved: 3, conversionRate: 66.67 },
      { grade: 'SILVER', purchases: 1, revenue: 10_000, approved: 1, conversionRate: 100 },
      { grade: 'UNKNOWN', purchases: 0, revenue: 0, approved: 1, conversionRate: 0 },
    ],
    byCustomerType: [
      { customerType: 'NEW', purchases: 2, revenue: 70_000, approved: 4, conversionRate: 50 },
      { customerType: 'RETURNING', purchases: 2, revenue: 20_000, approved: 3, conversionRate: 66.67 },
    ],
  }

  test('by grade and new vs returning, conversion = purchases ÷ approved of the segment', async () => {
    expect(await segments(deps, { activityId: f.a1 })).toMatchObject({
      byGrade: [
        { grade: 'BRONZE', purchases: 1, revenue: 20_000, approved: 2, conversionRate: 50 },
        { grade: 'GOLD', purchases: 1, revenue: 10_000, approved: 1, conversionRate: 100 },
        { grade: 'SILVER', purchases: 1, revenue: 10_000, approved: 1, conversionRate: 100 },
        { grade: 'UNKNOWN', purchases: 0, revenue: 0, approved: 1, conversionRate: 0 },
      ],
      byCustomerType: [
        { customerType: 'NEW', purchases: 1, revenue: 20_000, approved: 3, conversionRate: 33.33 },
        { customerType: 'RETURNING', purchases: 2, revenue: 20_000, approved: 2, conversionRate: 100 },
      ],
    })
    const campaign = await campaignDashboard(deps, { campaignId: f.campaignId, widgets: 'segments', ...fixturePeriod })
    expect(campaign.data.segments).toEqual(expectedCampaign as never)
  })
})

describe('costs', () => {
  test("own budget, else an equal share of what the campaign's budget leaves; CAC and ROAS", async () => {
    expect(await activityCosts(deps, { campaignId: f.campaignId })).toMatchObject({
      campaignBudget: 1_000_000,
      activities: [
        { activityId: f.a1, ownBudget: null, cost: 700_000, revenue: 40_000, purchases: 3, customers: 3, cac: 233_333.33, roas: 0.06 },
        { activityId: f.a2, ownBudget: 300_000, cost: 300_000, revenue: 50_000, purchases: 1, customers: 1, cac: 300_000, roas: 0.17 },
      ],
      total: { cost: 1_000_000, revenue: 90_000, purchases: 4, customers: 4, cac: 250_000, roas: 0.09 },
    })
  })
})

describe('hourly inflow', () => {
  test('events per UTC hour by type over the asked days', async () => {
    const answer = await hourlyInflow(deps, { activityId: f.a1, startDate: '2025-11-10', endDate: '2025-11-10' })
    expect(answer.hours.map(({ hour, counts }) => ({ hour: new Date(hour).toISOString().slice(11, 13), counts }))).toEqual([
      { hour: '00', counts: { PAGE_VIEW: 3, CLICK: 1, SCROLL: 2 } },
      { hour: '01', counts: { CLICK: 1 } },
      { hour: '02', counts: { PAGE_VIEW: 3 } },
      { hour: '03', counts: { PAGE_VIEW: 1 } },
      { hour: '04', counts: { CLICK: 1 } },
    ])
  })
})

describe('live stock', () => {
  test("from Redis while the activity is there; once retired, limit − confirmed entries and its confirmed shoppers from MySQL (a hold left HELD is not live); a campaign's participants are distinct", async () => {
    expect(await liveStock(deps, await activityTarget(reporting, f.a1))).toEqual({ remainingStock: 7, participantCount: 3 })
    expect(await liveStock(deps, await activityTarget(reporting, f.a2))).toEqual({ remainingStock: 4, participantCount: 1 })
    expect(await liveStock(deps, await campaignTarget(reporting, f.campaignId))).toEqual({ remainingStock: 11, participantCount: 4 })
    // a2's entrant also holding in a1: still one participant of the campaign
    const a1Participants = activityKeys(f.a1).participants
    await deps.redis.sadd(a1Participants, String(f.users.u4))
    try {
      expect(await liveStock(deps, await campaignTarget(reporting, f.campaignId))).toEqual({ remainingStock: 11, participantCount: 4 })
    } finally {
      await deps.redis.srem(a1Participants, String(f.users.u4))
    }
  })
})

describe('people and realtime', () => {
  test('the activity dashboard: realtime and the funnel by people with time to convert (nearest-rank p50/p95, non-negative gaps)', async () => {
    const answer = await activityDashboard(deps, { activityId: f.a1 })
    expect(answer.realtime).toMatchObject({ remainingStock: 7, participantCount: 3, activeUsers: 0 })
    expect(answer.peopleFunnel).toMatchObject({
      steps: [
        { name: 'VISIT', people: 6, rate: 100 },
        { name: 'CLICK', people: 4, rate: 66.7 },
        { name: 'APPROVED', people: 4, rate: 100 },
        { name: 'PURCHASE', people: 3, rate: 75 },
      ],
      timeToConvert: [
        { from: 'VISIT', to: 'CLICK', people: 4, p50Seconds: 1200, p95Seconds: 1800 },
        { from: 'CLICK', to: 'APPROVED', people: 3, p50Seconds: 2400, p95Seconds: 3600 },
        { from: 'APPROVED', to: 'PURCHASE', people: 3, p50Seconds: 1800, p95Seconds: 46_800 },
      ],
    })
    // the people funnel is cached: asked again, it is the same computation
    expect((await activityDashboard(deps, { activityId: f.a1 })).peopleFunnel.calculatedAt).toBe(answer.peopleFunnel.calculatedAt)
  })

  test('activeUsers: distinct people with any event in the last 5 minutes, per activity and campaign', async () => {
    expect((await activityDashboard(deps, { activityId: f.a2 })).realtime).toMatchObject({ remainingStock: 4, participantCount: 1, activeUsers: 2 })
    const campaign = await campaignDashboard(deps, { campaignId: f.campaignId, widgets: 'realtime' })
    expect(campaign.data.realtime).toMatchObject({ remainingStock: 11, participantCount: 4, activeUsers: 2 })
  })
})
