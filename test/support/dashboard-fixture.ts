/**
 * A small campaign whose every dashboard number is computed by hand (the expected values live in
 * the tests that use it). Rows go straight into core's tables, behaviour events through the MySQL
 * behaviour store, live state into Redis. Ids are fresh per call, so test files never share one.
 *
 * Campaign (budget 1,000,000): A1 on P1 (limit 10, no own budget: its cost is the 700,000 the
 * campaign leaves), A2 on P2 (limit 5, own budget 300,000), both 2025-11-10/12 UTC.
 * Shoppers: U1 GOLD, U2 SILVER, U3 BRONZE, U4 GOLD, U6 BRONZE (normal orders only), U5 without a
 * users row (grade UNKNOWN). Times are UTC; the shop's zone is Asia/Seoul (UTC+9).
 */
import type { Pool, RowDataPacket } from '../../common/clients/mysql'
import type { Redis } from '../../common/clients/redis'
import { activityKeys } from '../../common/redis/keys'
import type { BehaviorEvent, TriggerType } from '../../common/schemas/behavior-event'
import type { BehaviorStore } from '../../analytics/store/port'
import { testEvent } from './events'

export interface DashboardFixture {
  campaignId: number
  a1: number
  a2: number
  products: { p1: number; p2: number; p3: number }
  users: { u1: number; u2: number; u3: number; u4: number; u5: number; u6: number }
}

async function insertId(pool: Pool, sql: string, values: unknown[]): Promise<number> {
  const [result] = await pool.query<RowDataPacket[]>(sql, values)
  return (result as unknown as { insertId: number }).insertId
}

const at = (iso: string) => new Date(iso)

export async function loadDashboardFixture(pool: Pool, redis: Redis, store: BehaviorStore, now = new Date()): Promise<DashboardFixture> {
  const base = 3_000_000_000 + Math.floor(Math.random() * 1_000_000_000)
  const users = { u1: base + 1, u2: base + 2, u3: base + 3, u4: base + 4, u5: base + 5, u6: base + 6 }
  const grades: Array<[number, string]> = [[users.u1, 'GOLD'], [users.u2, 'SILVER'], [users.u3, 'BRONZE'], [users.u4, 'GOLD'], [users.u6, 'BRONZE']]
  await pool.query('INSERT INTO users (id, grade) VALUES ?', [grades])
  const product = (name: string, price: number) => insertId(pool, 'INSERT INTO products (name, price) VALUES (?, ?)', [name, price])
  const products = { p1: await product('Knit', 12_000), p2: await product('Coat', 55_000), p3: await product('Scarf', 9_000) }
  const campaignId = await insertId(pool, 'INSERT INTO campaigns (name, budget) VALUES (?, ?)', ['겨울 세일 Winter sale', 1_000_000])
  const activity = (name: string, productId: number, price: number, budget: number | null, limit: number, startsAt: string) =>
    insertId(
      pool,
      `INSERT INTO campaign_activities (campaign_id, name, product_id, price, budget, limit_count, starts_at, ends_at, status)
       VALUES (?, ?, ?, ?, ?, ?, ?, '2025-11-12 00:00:00', 'ENDED')`,
      [campaignId, name, productId, price, budget, limit, at(startsAt)],
    )
  const a1 = await activity('Knit rush', products.p1, 10_000, null, 10, '2025-11-10T00:00:00Z')
  const a2 = await activity('패딩 코트 특가', products.p2, 50_000, 300_000, 5, '2025-11-11T00:00:00Z')

  // holds: approved counts every one, whatever became of it
  const holds: Array<[number, number, string, string]> = [
    [a1, users.u1, '2025-11-10T01:00:00Z', 'CONFIRMED'],
    [a1, users.u2, '2025-11-10T02:00:00Z', 'CONFIRMED'],
    [a1, users.u3, '2025-11-10T03:00:00Z', 'EXPIRED'],
    [a1, users.u3, '2025-11-10T05:00:00Z', 'CONFIRMED'],
    [a1, users.u5, '2025-11-11T01:00:00Z', 'CANCELLED'],
    [a2, users.u4, '2025-11-11T02:00:00Z', 'CONFIRMED'],
    [a2, users.u1, '2025-11-11T03:00:00Z', 'HELD'],
  ]
  await pool.query('INSERT INTO reservations (token, campaign_activity_id, user_id, held_at, status) VALUES ?', [
    holds.map(([activityId, userId, heldAt, status], i) => [`${activityId}.fixture-${base}-${i}`, activityId, userId, at(heldAt), status]),
  ])
  const entries: Array<[number, number]> = [[a1, users.u1], [a1, users.u2], [a1, users.u3], [a2, users.u4]]
  await pool.query('INSERT INTO campaign_activity_entries (campaign_activity_id, user_id, command_id, reservation_token, order_id, confirmed_at) VALUES ?', [
    entries.map(([activityId, userId], i) => [activityId, userId, `fixture-${base}-${i}`, `${activityId}.fixture-${base}-${i}`, `fixture-${base}-${i}`, now]),
  ])

  // [activity or null (normal), user, product, price, quantity, purchasedAt]
  const purchases: Array<[number | null, number, number, number, number, string]> = [
    [a1, users.u1, products.p1, 10_000, 1, '2025-11-10T01:10:00Z'],
    [a1, users.u2, products.p1, 10_000, 1, '2025-11-10T02:30:00Z'],
    [a1, users.u3, products.p1, 10_000, 2, '2025-11-10T16:00:00Z'],
    [a2, users.u4, products.p2, 50_000, 1, '2025-11-11T02:20:00Z'],
    // the 28 baseline days are [2025-10-13, 2025-11-10)
    [null, users.u6, products.p1, 12_000, 1, '2025-10-12T23:59:00Z'],
    [null, users.u1, products.p1, 12_000, 1, '2025-10-20T10:00:00Z'],
    [null, users.u2, products.p1, 12_000, 2, '2025-11-01T00:00:00Z'],
    [null, users.u6, products.p3, 9_000, 1, '2025-11-02T00:00:00Z'],
    [null, users.u6, products.p2, 50_000, 1, '2025-11-05T00:00:00Z'],
    // during the campaign
    [null, users.u6, products.p1, 12_000, 1, '2025-11-10T20:00:00Z'],
    [null, users.u6, products.p2, 55_000, 1, '2025-11-11T10:00:00Z'],
    [null, users.u6, products.p3, 9_000, 1, '2025-11-11T11:00:00Z'],
    [null, users.u6, products.p1, 12_000, 3, '2025-11-11T23:30:00Z'],
  ]
  await pool.query('INSERT INTO purchases (order_id, campaign_activity_id, user_id, product_id, price, quantity, purchased_at) VALUES ?', [
    purchases.map(([activityId, userId, productId, price, quantity, purchasedAt], i) => [
      `fixture-${base}-${i}`, activityId, userId, productId, price, quantity, at(purchasedAt),
    ]),
  ])

  await store.write(fixtureEvents(campaignId, a1, a2, users, now))

  // A1 is still in Redis (3 confirmed of 10); A2 was retired: its keys are gone
  const k1 = activityKeys(a1)
  await redis.multi().hset(k1.meta, 'status', 'ENDED', 'limit', '10').set(k1.stock, '7').sadd(k1.participants, users.u1, users.u2, users.u3).exec()
  const k2 = activityKeys(a2)
  await redis.del(k2.meta, k2.stock, k2.participants)
  return { campaignId, a1, a2, products, users }
}

function fixtureEvents(campaignId: number, a1: number, a2: number, users: DashboardFixture['users'], now: Date): BehaviorEvent[] {
  const tag = crypto.randomUUID().slice(0, 8)
  const event = (activityId: number, triggerType: TriggerType, occurredAt: string, who: { userId?: number; anonymousId: string }) =>
    testEvent({ activityId, campaignId, triggerType, occurredAt, ...who, anonymousId: `${who.anonymousId}-${tag}` })
  const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000).toISOString()
  return [
    // anon-a browses, then clicks as U1 (the click links anon-a to U1: one person)
    event(a1, 'PAGE_VIEW', '2025-11-10T00:10:00.000Z', { anonymousId: 'anon-a' }),
    event(a1, 'CLICK', '2025-11-10T00:20:00.000Z', { anonymousId: 'anon-a', userId: users.u1 }),
    event(a1, 'PAGE_VIEW', '2025-11-10T00:40:00.000Z', { anonymousId: 'anon-a' }),
    event(a1, 'PAGE_VIEW', '2025-11-10T00:30:00.000Z', { anonymousId: 'anon-b', userId: users.u2 }),
    event(a1, 'SCROLL', '2025-11-10T00:45:00.000Z', { anonymousId: 'anon-b', userId: users.u2 }),
    event(a1, 'SCROLL', '2025-11-10T00:45:30.000Z', { anonymousId: 'anon-b', userId: users.u2 }),
    event(a1, 'CLICK', '2025-11-10T01:00:00.000Z', { anonymousId: 'anon-b', userId: users.u2 }),
    // two anonymous visitors who never identify
    event(a1, 'PAGE_VIEW', '2025-11-10T02:00:00.000Z', { anonymousId: 'anon-d' }),
    event(a1, 'PAGE_VIEW', '2025-11-10T02:10:00.000Z', { anonymousId: 'anon-e' }),
    event(a1, 'PAGE_VIEW', '2025-11-10T02:20:00.000Z', { anonymousId: 'anon-e' }),
    // U3 took a hold (03:00) before clicking (04:00): a negative gap, left out of time to convert
    event(a1, 'PAGE_VIEW', '2025-11-10T03:30:00.000Z', { anonymousId: 'anon-f', userId: users.u3 }),
    event(a1, 'CLICK', '2025-11-10T04:00:00.000Z', { anonymousId: 'anon-f', userId: users.u3 }),
    event(a1, 'PAGE_VIEW', '2025-11-11T00:30:00.000Z', { anonymousId: 'anon-g', userId: users.u5 }),
    event(a1, 'CLICK', '2025-11-11T00:50:00.000Z', { anonymousId: 'anon-g', userId: users.u5 }),
    event(a2, 'PAGE_VIEW', '2025-11-11T01:00:00.000Z', { anonymousId: 'anon-h', userId: users.u4 }),
    event(a2, 'PAGE_VIEW', '2025-11-11T01:30:00.000Z', { anonymousId: 'anon-h', userId: users.u4 }),
    event(a2, 'CLICK', '2025-11-11T01:40:00.000Z', { anonymousId: 'anon-h', userId: users.u4 }),
    // two people on A2 right now: its activeUsers (and the campaign's)
    event(a2, 'PAGE_VIEW', minutesAgo(1), { anonymousId: 'anon-h', userId: users.u4 }),
    event(a2, 'PAGE_VIEW', minutesAgo(2), { anonymousId: 'anon-z' }),
  ]
}
