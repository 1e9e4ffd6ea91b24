/**
 * POST /api/v1/dev/time-travel against the real behaviour store (MariaDB of the test preload):
 * through the analytics app as main.ts builds it, its validation, and its refusal in production.
 */
import { afterAll, expect, test } from 'bun:test'
import { Elysia } from 'elysia'
import { createRedisStreamsBus } from '../../../common/bus/redis-streams'
import { createMysqlPool } from '../../../common/clients/mysql'
import { redisUrl } from '../../../common/clients/redis'
import { errorHandling } from '../../../common/http/errors'
import { createLogger } from '../../../common/log'
import { createRegistry } from '../../../common/metrics'
import { closeTestClients, testRedis } from '../../../test/support/clients'
import { testEvent } from '../../../test/support/events'
import { createAnalyticsApp } from '../../app'
import { coreAdmin } from '../admin-forms/core-admin'
import { createMysqlBehaviorStore } from '../../store/mysql'
import { devRoutes } from './index'

const log = createLogger({}, 'error')
const store = createMysqlBehaviorStore({ connectionLimit: 2 })
const bus = createRedisStreamsBus(redisUrl(), log)
const reporting = createMysqlPool({ connectionLimit: 1 })
const app = createAnalyticsApp({ bus, store, redis: testRedis('dev-test'), reporting, accounts: reporting, core: coreAdmin({ url: 'http://127.0.0.1:9', token: '' }), log, registry: createRegistry('analytics-dev-test') })
afterAll(async () => {
  await Promise.all([bus.close(), store.close(), reporting.end()])
  await closeTestClients()
})

const travel = (target: { handle(request: Request): Promise<Response> }, body: unknown) =>
  target
    .handle(new Request('http://localhost/api/v1/dev/time-travel', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }))
    .then(async (response) => ({ status: response.status, body: await response.json() }))

const freshId = () => 8_000_000_000 + Math.floor(Math.random() * 1_000_000_000)
const day = 86_400_000

async function activityWithEvents() {
  const activityId = freshId()
  const at = new Date(Date.now() - 3_600_000).toISOString()
  await store.write([testEvent({ activityId, occurredAt: at }), testEvent({ activityId, occurredAt: at, triggerType: 'CLICK' })])
  return { activityId, at: Date.parse(at) }
}

const countsOnDayOf = (activityId: number, ms: number) =>
  store.countByTrigger({ activityId }, { from: new Date(ms - day / 2), to: new Date(ms + day / 2) })

test("moves the activity's events and counts the given days into the past and says how many", async () => {
  const { activityId, at } = await activityWithEvents()
  expect(await travel(app, { activityId, days: 30 })).toEqual({ status: 200, body: { activityId, days: 30, movedEvents: 2 } })
  expect(await countsOnDayOf(activityId, at)).toEqual({})
  expect(await countsOnDayOf(activityId, at - 30 * day)).toEqual({ PAGE_VIEW: 1, CLICK: 1 })
  expect(await travel(app, { activityId: freshId(), days: 1 })).toEqual({ status: 200, body: expect.objectContaining({ movedEvents: 0 }) })
})

test('bad input answers 400 VALIDATION_FAILED naming the field, and moves nothing', async () => {
  const { activityId, at } = await activityWithEvents()
  for (const [body, field] of [
    [{ activityId, days: 0 }, 'days'],
    [{ activityId, days: 1.5 }, 'days'],
    [{ activityId, days: 3651 }, 'days'],
    [{ days: 3 }, 'activityId'],
    [{ activityId: 'twelve', days: 3 }, 'activityId'],
    [{ activityId: 0, days: 3 }, 'activityId'],
  ] as const) {
    const answer = await travel(app, body)
    expect(answer.status).toBe(400)
    expect(answer.body.code).toBe('VALIDATION_FAILED')
    expect(answer.body.message).toContain(field)
  }
  expect(await countsOnDayOf(activityId, at)).toEqual({ PAGE_VIEW: 1, CLICK: 1 })
})

test('in production it answers 403 DEV_ONLY and moves nothing', async () => {
  const { activityId, at } = await activityWithEvents()
  const production = new Elysia().use(errorHandling(log)).use(devRoutes({ store, env: 'production' }))
  expect(await travel(production, { activityId, days: 30 })).toEqual({
    status: 403,
    body: { code: 'DEV_ONLY', message: 'time travel is a development tool and is refused in production' },
  })
  expect(await countsOnDayOf(activityId, at)).toEqual({ PAGE_VIEW: 1, CLICK: 1 })
})
