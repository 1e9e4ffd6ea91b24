import { afterAll, describe, expect, test } from 'bun:test'
import type { RowDataPacket } from '../../common/clients/mysql'
import { config } from '../../common/config'
import { closeTestClients } from '../../test/support/clients'
import { freshUserIds, testCoreApp } from '../../test/support/core-app'
import { insertPurchase } from '../repositories/purchases'
import { insertShopperIfAbsent } from '../repositories/users'
import { refreshCohortSummaries } from './cohort-summaries'

const { pool, openActivity } = testCoreApp()
afterAll(closeTestClients)
const zone = config.shopTimeZone
const day = 86_400_000

async function buy(userId: number, productId: number, activityId: number | null, price: number, purchasedAt: Date) {
  await insertShopperIfAbsent(pool, userId)
  await insertPurchase(pool, { orderId: `cohort-job-${crypto.randomUUID()}`, activityId, userId, productId, price, purchasedAt })
}

async function summaryOf(activityId: number, userId: number) {
  const [[row]] = await pool.query<RowDataPacket[]>(
    `SELECT first_purchase_at AS firstPurchaseAt, DATE_FORMAT(acquisition_day, '%Y-%m-%d') AS acquisitionDay, purchases, revenue, revenue_30d AS revenue30d,
            next_purchase_at AS nextPurchaseAt FROM cohort_customers WHERE campaign_activity_id = ? AND user_id = ?`,
    [activityId, userId],
  )
  return row ? { ...(row as Record<string, unknown>) } : undefined
}

const pendingChanges = async (userId: number) => {
  const [[row]] = await pool.query<RowDataPacket[]>('SELECT COUNT(*) AS n FROM cohort_purchase_changes WHERE user_id = ?', [userId])
  return Number(row!.n)
}

describe('the cohort summary job', () => {
  test('a purchase shows in its customer\'s summary after the next run, and running again changes nothing', async () => {
    const { activity, product } = await openActivity()
    const [userId] = freshUserIds(1) as [number]
    const first = new Date('2025-03-01T10:00:00.000Z')
    await buy(userId, product.id, activity.id, 80, first)
    expect(await pendingChanges(userId)).toBe(1)
    expect(await summaryOf(activity.id, userId)).toBeUndefined()

    const run = await refreshCohortSummaries(pool, { timeZone: zone })
    expect(run.ran).toBe(true)
    expect(run.customers).toBeGreaterThanOrEqual(1)
    expect(await pendingChanges(userId)).toBe(0)
    expect(await summaryOf(activity.id, userId)).toEqual({
      firstPurchaseAt: first, acquisitionDay: '2025-03-01', purchases: 1, revenue: 80, revenue30d: 80, nextPurchaseAt: null,
    })

    // a normal order 30 days later, via the order intake: only the next run sees it
    await buy(userId, product.id, null, 19.99, new Date(first.getTime() + 30 * day))
    expect((await summaryOf(activity.id, userId))?.purchases).toBe(1)
    await refreshCohortSummaries(pool, { timeZone: zone })
    const after = await summaryOf(activity.id, userId)
    expect(after).toMatchObject({ purchases: 2, revenue: 99.99, revenue30d: 99.99, nextPurchaseAt: new Date(first.getTime() + 30 * day) })

    expect((await refreshCohortSummaries(pool, { timeZone: zone })).customers).toBe(0)
    expect(await summaryOf(activity.id, userId)).toEqual(after)
  })

  test('works through a backlog a chunk at a time, each customer summarised once per change set', async () => {
    const { activity, product } = await openActivity()
    const users = freshUserIds(7)
    for (const [i, userId] of users.entries()) await buy(userId, product.id, activity.id, 10 + i, new Date(Date.UTC(2025, 0, 1 + i)))
    const run = await refreshCohortSummaries(pool, { timeZone: zone, chunkRows: 3 })
    expect(run.chunks).toBeGreaterThanOrEqual(3)
    for (const [i, userId] of users.entries()) expect((await summaryOf(activity.id, userId))?.revenue).toBe(10 + i)
  })

  test('a run asked to stop ends after the chunk in hand, and the next run takes up the rest', async () => {
    const { activity, product } = await openActivity()
    const users = freshUserIds(4)
    for (const userId of users) await buy(userId, product.id, activity.id, 1, new Date('2025-02-01T00:00:00Z'))
    // the stop comes while the first chunk is in hand
    let looked = 0
    const signal = { get aborted() { return ++looked > 1 } } as AbortSignal
    expect(await refreshCohortSummaries(pool, { timeZone: zone, chunkRows: 1, signal })).toMatchObject({ chunks: 1 })
    expect(await refreshCohortSummaries(pool, { timeZone: zone, chunkRows: 1 })).toMatchObject({ chunks: 3 })
    for (const userId of users) expect(await summaryOf(activity.id, userId)).toBeDefined()
  })

  test('a purchase moved in time (time travel) or deleted is followed', async () => {
    const { activity, product } = await openActivity()
    const [userId] = freshUserIds(1) as [number]
    await buy(userId, product.id, activity.id, 50, new Date('2025-05-10T00:00:00Z'))
    await refreshCohortSummaries(pool, { timeZone: zone })
    await pool.query('UPDATE purchases SET purchased_at = purchased_at - INTERVAL 7 DAY WHERE user_id = ?', [userId])
    await refreshCohortSummaries(pool, { timeZone: zone })
    expect((await summaryOf(activity.id, userId))?.firstPurchaseAt).toEqual(new Date('2025-05-03T00:00:00Z'))
    await pool.query('DELETE FROM purchases WHERE user_id = ?', [userId])
    await refreshCohortSummaries(pool, { timeZone: zone })
    expect(await summaryOf(activity.id, userId)).toBeUndefined()
  })

  test('acquisition days follow the shop time zone; a change of zone recomputes every customer', async () => {
    const { activity, product } = await openActivity()
    const [userId] = freshUserIds(1) as [number]
    // 20:00 UTC is 05:00 the next day in Seoul
    await buy(userId, product.id, activity.id, 5, new Date('2025-06-01T20:00:00Z'))
    await refreshCohortSummaries(pool, { timeZone: 'UTC' })
    expect((await summaryOf(activity.id, userId))?.acquisitionDay).toBe('2025-06-01')
    await refreshCohortSummaries(pool, { timeZone: 'Asia/Seoul' })
    expect((await summaryOf(activity.id, userId))?.acquisitionDay).toBe('2025-06-02')
    await refreshCohortSummaries(pool, { timeZone: zone })
  })

  test('one process at a time: a run finding the job locked elsewhere does nothing', async () => {
    const other = await pool.getConnection()
    try {
      await other.query("SELECT GET_LOCK('axon_cohort_summaries', 0)")
      expect(await refreshCohortSummaries(pool, { timeZone: zone })).toMatchObject({ ran: false, customers: 0 })
    } finally {
      await other.query("SELECT RELEASE_LOCK('axon_cohort_summaries')")
      other.release()
    }
  })
})
