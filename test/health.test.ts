/**
 * Every process's GET /health asks its real dependencies (the shared plugin, common/http/health.ts):
 * 200 when all answer, 503 naming the one that does not — here a real client pointed at a port
 * nothing listens on. Analytics' /health used to answer ok whatever its store and bus did.
 */
import { afterAll, expect, test } from 'bun:test'
import { createRedisStreamsBus } from '../common/bus/redis-streams'
import { createMysqlPool } from '../common/clients/mysql'
import { createRedis, redisUrl } from '../common/clients/redis'
import { createRegistry } from '../common/metrics'
import { createAnalyticsApp } from '../analytics/app'
import { coreAdmin } from '../analytics/modules/admin-forms/core-admin'
import { createMysqlBehaviorStore } from '../analytics/store/mysql'
import { createActivityState } from '../core/activity-state/activity-state'
import { createCoreApp } from '../core/app'
import { createCoreMetrics } from '../core/metrics'
import { closeTestClients, testRedis } from './support/clients'
import { freePorts } from './support/free-ports'
import { startTestGateway } from './support/gateway'
import { recordingLog } from './support/recording-log'

const [deadPort] = (await freePorts(1)) as [number]
const deadMysqlUrl = `mysql://root@127.0.0.1:${deadPort}/axon`
const redis = testRedis('health-test')
const closers: Array<() => Promise<unknown>> = []
afterAll(async () => {
  await Promise.all(closers.map((close) => close().catch(() => {})))
  await closeTestClients()
})

/** A Redis client of a server that is not there; its reconnect errors are expected, not printed. */
function deadRedis(name: string) {
  const client = createRedis({ name, url: `redis://127.0.0.1:${deadPort}` })
  client.on('error', () => {})
  closers.push(async () => client.disconnect())
  return client
}

async function health(app: { handle(request: Request): Promise<Response> }) {
  const response = await app.handle(new Request('http://localhost/health'))
  return { status: response.status, body: await response.json() }
}

function analyticsApp(options: { busDown?: boolean; storeUrl?: string } = {}) {
  const { log, problems } = recordingLog()
  const bus = createRedisStreamsBus(options.busDown ? () => deadRedis('health-test-bus') : redisUrl(), log)
  const store = createMysqlBehaviorStore({ url: options.storeUrl, connectionLimit: 1 })
  const reporting = createMysqlPool({ connectionLimit: 1 })
  closers.push(() => bus.close(), () => store.close(), () => reporting.end())
  return { app: createAnalyticsApp({ bus, store, redis, reporting, accounts: reporting, core: coreAdmin({ url: 'http://127.0.0.1:9', token: '' }), log, registry: createRegistry('analytics-test') }), problems }
}

test('analytics /health: 200 when the bus and the behaviour store answer', async () => {
  expect(await health(analyticsApp().app)).toEqual({ status: 200, body: { status: 'ok', checks: { bus: 'up', behaviorStore: 'up' } } })
})

test('analytics /health: 503 naming the behaviour store when its database is down, and logging why', async () => {
  const { app, problems } = analyticsApp({ storeUrl: deadMysqlUrl })
  expect(await health(app)).toEqual({ status: 503, body: { status: 'unavailable', checks: { bus: 'up', behaviorStore: 'down' } } })
  expect(problems()).toMatchObject([{ msg: 'health check failed', fields: { dependency: 'behaviorStore' } }])
})

test('analytics /health: 503 naming the bus when it is down', async () => {
  const { app } = analyticsApp({ busDown: true })
  expect(await health(app)).toEqual({ status: 503, body: { status: 'unavailable', checks: { bus: 'down', behaviorStore: 'up' } } })
})

function coreApp(options: { mysqlUrl?: string }) {
  const { log } = recordingLog()
  const pool = createMysqlPool({ url: options.mysqlUrl, connectionLimit: 1 })
  closers.push(() => pool.end())
  const bus = createRedisStreamsBus(() => redis, log)
  return createCoreApp({ pool, redis, bus, activityState: createActivityState(redis), metrics: createCoreMetrics(), log, internalToken: '' })
}

test('core /health: MySQL, Redis and the bus; 503 naming MySQL when it is down', async () => {
  expect(await health(coreApp({}))).toEqual({ status: 200, body: { status: 'ok', checks: { mysql: 'up', redis: 'up', bus: 'up' } } })
  expect(await health(coreApp({ mysqlUrl: deadMysqlUrl }))).toEqual({
    status: 503,
    body: { status: 'unavailable', checks: { mysql: 'down', redis: 'up', bus: 'up' } },
  })
})

test('gateway /health: Redis and the bus; 503 naming Redis when it is down', async () => {
  const up = startTestGateway({ redis })
  closers.push(() => up.stop())
  expect(await health(up.app)).toEqual({ status: 200, body: { status: 'ok', checks: { redis: 'up', bus: 'up' } } })

  const down = startTestGateway({ redis: deadRedis('health-test-gateway') })
  closers.push(() => down.stop())
  expect(await health(down.app)).toEqual({ status: 503, body: { status: 'unavailable', checks: { redis: 'down', bus: 'up' } } })
})
