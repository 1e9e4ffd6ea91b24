/**
 * Redis loses its data while core runs (issue 7, defect 8b): flushed here, on a Redis of the
 * test's own. No sale goes on until core has put every activity back from MySQL, entrants first:
 * the gateway answers 503 meanwhile, and neither an admin edit nor the watcher republishes an
 * activity with an empty confirmed set and full stock.
 */
import { afterAll, expect, test } from 'bun:test'
import { createLogger } from '../common/log'
import { activityKeys } from '../common/redis/keys'
import { syncActivityStates, watchActivityState } from '../core/activity-state/sync'
import { insertEntry } from '../core/repositories/entries'
import { insertShopperIfAbsent } from '../core/repositories/users'
import { applyEntryConfirmed } from '../core/workers/apply-entry'
import { closeTestClients } from './support/clients'
import { entryCommandsOn } from './support/commands'
import { freshUserIds, testCoreApp } from './support/core-app'
import { startTestGateway } from './support/gateway'
import { ownRedis as startOwnRedis } from './support/own-servers'
import { waitFor } from './support/wait'

const ownRedis = await startOwnRedis()
const core = testCoreApp({ redisUrl: ownRedis.url })
const outbox = `test.commands.${crypto.randomUUID()}`
const gateway = startTestGateway({ redis: core.redis, commandOutbox: outbox })
const log = createLogger({}, 'error')
await syncActivityStates(core.pool, core.activityState, log)

afterAll(async () => {
  await gateway.stop()
  await closeTestClients()
  await ownRedis.remove()
})

async function enter(activityId: number, userIds: number[]) {
  return Promise.all(
    userIds.map(async (userId) => {
      const reserved = (await (await gateway.reserve(activityId, userId)).json()) as { token?: string; code?: string }
      if (!reserved.token) return reserved.code ?? '?'
      const paid = (await (await gateway.confirm(reserved.token, userId)).json()) as { status?: string; code?: string }
      return paid.status ?? paid.code ?? '?'
    }),
  )
}

/** What core's workers do with the confirms' commands (the bus is not what this test is about). */
async function applyEntries(activityId: number, userIds: number[]) {
  for (const userId of userIds) {
    await insertShopperIfAbsent(core.pool, userId)
    const ids = { commandId: `loss-${activityId}-${userId}`, reservationToken: `${activityId}.loss-${userId}`, orderId: `loss-${activityId}-${userId}` }
    await insertEntry(core.pool, { activityId, userId, ...ids, confirmedAt: new Date() })
  }
}

async function paidActivity(limit: number, entrants: number[]) {
  const { activity } = await core.openActivity({ limit })
  expect(await enter(activity.id, entrants)).toEqual(entrants.map(() => 'CONFIRMED'))
  await applyEntries(activity.id, entrants)
  return activity.id as number
}

test('after a flush, an admin edit waits for the restore (503 STATE_RESTORING, nothing saved), then finds the entrants back: nobody enters twice, nothing oversold', async () => {
  const entrants = freshUserIds(3)
  const id = await paidActivity(5, entrants)
  await core.redis.flushall()

  const early = await core.call('PATCH', `/api/v1/admin/activities/${id}`, { name: 'renamed after the flush' })
  expect(early).toMatchObject({ status: 503, body: { code: 'STATE_RESTORING' } })
  expect((await core.call('GET', `/api/v1/admin/activities/${id}`)).body.name).not.toBe('renamed after the flush')
  await syncActivityStates(core.pool, core.activityState, log)
  const edited = await core.call('PATCH', `/api/v1/admin/activities/${id}`, { name: 'renamed after the flush' })
  expect(edited.status).toBe(200)
  expect(edited.body.live).toMatchObject({ stock: 2, holds: 0, confirmed: 3, participants: 3 })
  expect(await enter(id, entrants)).toEqual(entrants.map(() => 'ALREADY_ENTERED'))
  const outcomes = await enter(id, freshUserIds(4))
  expect(outcomes.sort()).toEqual(['CONFIRMED', 'CONFIRMED', 'SOLD_OUT', 'SOLD_OUT'])
  expect(await core.redis.scard(activityKeys(id).confirmed)).toBe(5)
})

test('while the state is missing the gateway answers 503 STATE_RESTORING; the watcher restores it and sales resume right', async () => {
  const entrants = freshUserIds(2)
  const id = await paidActivity(5, entrants)
  await core.redis.flushall()

  const during = await gateway.reserve(id, freshUserIds(1)[0]!)
  expect(during.status).toBe(503)
  expect(await during.json()).toMatchObject({ code: 'STATE_RESTORING' })

  const watch = watchActivityState(core.pool, core.activityState, log, 100)
  try {
    await waitFor(async () => (await core.activityState.marker()) === 'intact', { what: 'the watcher to restore the state' })
  } finally {
    await watch.stop()
  }
  expect(await core.activityState.live(id)).toMatchObject({ published: true, stock: 3, confirmed: 2 })
  expect(await enter(id, entrants)).toEqual(entrants.map(() => 'ALREADY_ENTERED'))
  expect((await enter(id, freshUserIds(4))).filter((o) => o === 'CONFIRMED').length).toBe(3)
  const unknown = await gateway.reserve(999_999_999_999, freshUserIds(1)[0]!)
  expect(unknown.status).toBe(404)
})

/** What core's workers do: every command the confirms put on the outbox, applied to MySQL. */
async function applyOutbox() {
  for (const { command } of await entryCommandsOn(core.redis, outbox)) {
    await applyEntryConfirmed(core.pool, command, `test.events.${crypto.randomUUID()}`)
  }
}

test('after a flush, a paid shopper retrying the payment is answered its confirmation again, as before the loss: the orders come back from MySQL', async () => {
  const { activity } = await core.openActivity({ limit: 5, price: 123456789.5 })
  const [userId] = freshUserIds(1)
  const { token } = (await (await gateway.reserve(activity.id, userId!)).json()) as { token: string }
  const paid = (await (await gateway.confirm(token, userId!)).json()) as Record<string, unknown>
  expect(paid).toMatchObject({ status: 'CONFIRMED', amount: 123456789.5, replayed: false })
  await applyOutbox()
  await core.redis.flushall()
  await syncActivityStates(core.pool, core.activityState, log)

  const retried = await gateway.confirm(token, userId!)
  expect(retried.status).toBe(200)
  expect(await retried.json()).toEqual({ ...paid, replayed: true })
  // and still only for that shopper
  expect((await (await gateway.confirm(token, userId! + 1)).json()) as object).toMatchObject({ code: 'WRONG_USER' })
  expect((await (await gateway.cancel(token, userId!)).json()) as object).toMatchObject({ code: 'ALREADY_CONFIRMED' })
})

test('while the state is missing, confirming or cancelling answers 503 STATE_RESTORING, not 404 UNKNOWN_ACTIVITY', async () => {
  const { activity } = await core.openActivity({ limit: 5 })
  const [userId] = freshUserIds(1)
  const { token } = (await (await gateway.reserve(activity.id, userId!)).json()) as { token: string }
  await core.redis.flushall()

  for (const answer of [await gateway.confirm(token, userId!), await gateway.cancel(token, userId!)]) {
    expect(answer.status).toBe(503)
    expect(await answer.json()).toMatchObject({ code: 'STATE_RESTORING' })
  }
  await syncActivityStates(core.pool, core.activityState, log)
})

test('an activity with more entrants than one page of the restore gets every one back', async () => {
  const { activity } = await core.openActivity({ limit: 3000 })
  const entrants = freshUserIds(2100)
  await core.pool.query('INSERT INTO users (id) VALUES ?', [entrants.map((id) => [id])])
  await core.pool.query(
    'INSERT INTO campaign_activity_entries (campaign_activity_id, user_id, command_id, reservation_token, order_id, confirmed_at) VALUES ?',
    [entrants.map((userId) => [activity.id, userId, `page-${userId}`, `${activity.id}.page-${userId}`, `page-${userId}`, new Date()])],
  )
  await core.redis.flushall()
  await syncActivityStates(core.pool, core.activityState, log)
  expect(await core.activityState.live(activity.id)).toMatchObject({ published: true, confirmed: 2100, stock: 900 })
})
