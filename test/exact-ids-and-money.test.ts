/**
 * Ids and money travel exactly through the reservation path: gateway reserve and confirm (Lua,
 * cjson), the command on the bus, core's worker, the entry and purchase rows in MySQL. cjson keeps
 * 14 significant digits, so a 15–16 digit shopper id or a 15-digit amount must cross Lua as text.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import type { RowDataPacket } from '../common/clients/mysql'
import { startTestCommandWorkers } from './support/commands'
import { closeCoreTestClients, testCoreApp } from './support/core-app'
import { startTestGateway } from './support/gateway'

const core = testCoreApp()
const workers = startTestCommandWorkers(core.redis)
const gateway = startTestGateway({ redis: core.redis, commandOutbox: workers.topic })

beforeAll(() => workers.ready())
afterAll(async () => {
  await workers.stop()
  await gateway.stop()
  await closeCoreTestClients()
})

async function json(res: Response) {
  return { status: res.status, body: (await res.json()) as Record<string, any> }
}

/** Reserves and pays as `userId`; returns the confirmation. */
async function buy(activityId: number, userId: number, amount?: number) {
  const reserved = await json(await gateway.reserve(activityId, userId))
  expect(reserved.status).toBe(201)
  const confirmed = await json(await gateway.confirm(reserved.body.token, userId, amount === undefined ? {} : { amount }))
  expect(confirmed.status).toBe(200)
  return { token: reserved.body.token as string, confirmation: confirmed.body }
}

/** The entry and purchase rows of an activity, every number read back as MySQL's own text. */
async function rowsOf(activityId: number) {
  await workers.applied()
  const [entries] = await core.pool.query<RowDataPacket[]>(
    'SELECT CAST(user_id AS CHAR) AS userId, order_id AS orderId FROM campaign_activity_entries WHERE campaign_activity_id = ?',
    [activityId],
  )
  const [purchases] = await core.pool.query<RowDataPacket[]>(
    'SELECT CAST(user_id AS CHAR) AS userId, CAST(price AS CHAR) AS price, order_id AS orderId FROM purchases WHERE campaign_activity_id = ?',
    [activityId],
  )
  const plain = (rows: RowDataPacket[]) => rows.map((r) => ({ ...r }) as Record<string, unknown>)
  return { entries: plain(entries), purchases: plain(purchases) }
}

describe('a shopper id of 15–16 digits', () => {
  test.each([123_456_789_012_345, Number.MAX_SAFE_INTEGER])(
    'shopper %p reserves, confirms, replays the confirm, and core credits exactly that shopper',
    async (userId) => {
      const { activity } = await core.openActivity({ limit: 3, price: 80 })
      const { token, confirmation } = await buy(activity.id, userId)
      const replay = await json(await gateway.confirm(token, userId))
      expect(replay).toEqual({ status: 200, body: { ...confirmation, replayed: true } })
      expect(await rowsOf(activity.id)).toEqual({
        entries: [{ userId: String(userId), orderId: confirmation.orderId }],
        purchases: [{ userId: String(userId), price: '80.00', orderId: confirmation.orderId }],
      })
    },
  )

  test('the dev token route issues a token for Number.MAX_SAFE_INTEGER and refuses ids past it', async () => {
    const issued = await json(await gateway.call('/api/v1/dev/tokens', { body: { userId: Number.MAX_SAFE_INTEGER } }))
    expect(issued).toMatchObject({ status: 201, body: { userId: Number.MAX_SAFE_INTEGER } })
    expect(gateway.tokens.verify(`Bearer ${issued.body.token}`)).toBe(Number.MAX_SAFE_INTEGER)
    const past = await gateway.call('/api/v1/dev/tokens', { body: '{"userId": 9007199254740993}' })
    expect(past.status).toBe(400)
  })
})

test('an amount of 15 significant digits is paid, answered and recorded exactly', async () => {
  const price = 9_999_999_999_999.99
  const { activity } = await core.openActivity({ limit: 1, price })
  const userId = 123_456_789_012_346
  const { confirmation } = await buy(activity.id, userId, price)
  expect(confirmation.amount).toBe(price)
  expect(await rowsOf(activity.id)).toEqual({
    entries: [{ userId: String(userId), orderId: confirmation.orderId }],
    purchases: [{ userId: String(userId), price: '9999999999999.99', orderId: confirmation.orderId }],
  })
})

test('an amount one cent off a 15-digit price is AMOUNT_MISMATCH, not rounded into a match', async () => {
  const { activity } = await core.openActivity({ limit: 1, price: 9_999_999_999_999.99 })
  const reserved = await json(await gateway.reserve(activity.id, 77))
  const wrong = await json(await gateway.confirm(reserved.body.token, 77, { amount: 9_999_999_999_999.98 }))
  expect(wrong).toMatchObject({ status: 422, body: { code: 'AMOUNT_MISMATCH' } })
})
