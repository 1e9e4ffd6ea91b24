/**
 * Each process serves the OpenAPI document generated from its routes' schemas at /docs/json and a
 * page to browse it at /docs: the dashboards on analytics, the admin API on core, the shopper API
 * on the gateway — with the parameters the schemas declare, so the document cannot drift from them.
 */
import { afterAll, expect, test } from 'bun:test'
import { createRedisStreamsBus } from '../common/bus/redis-streams'
import { createLogger } from '../common/log'
import { createRegistry } from '../common/metrics'
import { createAnalyticsApp } from '../analytics/app'
import { coreAdmin } from '../analytics/modules/admin-forms/core-admin'
import { reportingPool } from '../analytics/reporting/pool'
import { createMysqlBehaviorStore } from '../analytics/store/mysql'
import { closeTestClients, testPool, testRedis } from './support/clients'
import { testCoreApp } from './support/core-app'
import { startTestGateway } from './support/gateway'

const redis = testRedis('api-docs-test')
const log = createLogger({ process: 'api-docs-test' }, 'error')
const store = createMysqlBehaviorStore({ connectionLimit: 1 })
const reporting = reportingPool({ connectionLimit: 1 })
const gateway = startTestGateway({ redis })
afterAll(async () => {
  await Promise.all([store.close(), reporting.end(), gateway.stop()])
  await closeTestClients()
})

type Handles = { handle(request: Request): Promise<Response> }

async function docs(app: Handles) {
  const page = await app.handle(new Request('http://localhost/docs'))
  expect([page.status, page.headers.get('content-type')]).toEqual([200, expect.stringContaining('text/html')])
  const json = await app.handle(new Request('http://localhost/docs/json'))
  expect(json.status).toBe(200)
  return (await json.json()) as { info: { title: string }; paths: Record<string, Record<string, { parameters?: Array<{ name: string; in: string; schema: { enum?: string[] } }> }>> }
}

test('analytics documents the dashboard routes with their parameters', async () => {
  const app = createAnalyticsApp({ bus: createRedisStreamsBus(() => redis, log), store, redis, reporting, accounts: testPool(1), core: coreAdmin({ url: 'http://127.0.0.1:9', token: '' }), log, registry: createRegistry('analytics-docs') })
  const doc = await docs(app)
  expect(doc.info.title).toBe('Axon analytics')
  expect(Object.keys(doc.paths)).toEqual(
    expect.arrayContaining([
      '/api/v1/dashboard/activity/{id}',
      '/api/v1/dashboard/activity/{id}/hourly',
      '/api/v1/dashboard/activity/{id}/segments',
      '/api/v1/dashboard/campaign/{id}',
      '/api/v1/dashboard/campaign/{id}/comparison',
      '/api/v1/dashboard/campaign/{id}/costs',
      '/api/v1/dashboard/cohort/activity/{id}',
    ]),
  )
  const parameters = doc.paths['/api/v1/dashboard/campaign/{id}']!.get!.parameters!
  expect(parameters.map((p) => `${p.in}:${p.name}`)).toEqual(['path:id', 'query:widgets', 'query:period', 'query:startDate', 'query:endDate'])
  expect(parameters.find((p) => p.name === 'period')!.schema.enum).toEqual(['1d', '7d', '30d', 'custom'])
})

test('core documents the admin routes', async () => {
  const doc = await docs(testCoreApp().app)
  expect(doc.info.title).toBe('Axon core')
  expect(Object.keys(doc.paths)).toEqual(
    expect.arrayContaining([
      '/api/v1/admin/campaigns/',
      '/api/v1/admin/campaigns/{id}',
      '/api/v1/admin/campaigns/{id}/activities',
      '/api/v1/admin/products/',
      '/api/v1/admin/activities/{id}',
      '/api/v1/admin/orders/',
      '/api/v1/admin/jobs/',
      '/api/v1/admin/dev/time-travel',
    ]),
  )
  expect(Object.keys(doc.paths['/api/v1/admin/campaigns/']!)).toEqual(expect.arrayContaining(['get', 'post']))
})

test('the gateway documents the shopper routes', async () => {
  const doc = await docs(gateway.app)
  expect(doc.info.title).toBe('Axon gateway')
  expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/activities/{id}/reservations', '/api/v1/payments/confirm', '/collect']))
})
