import { expect, test } from 'bun:test'
import { Elysia } from 'elysia'
import { recordingLog } from '../../test/support/recording-log'
import { healthRoutes, type HealthChecks } from './health'

async function health(checks: HealthChecks, timeoutMs = 200) {
  const { log, problems } = recordingLog()
  const app = new Elysia().use(healthRoutes(checks, { log, timeoutMs }))
  const response = await app.handle(new Request('http://localhost/health'))
  return { status: response.status, body: await response.json(), problems: problems() }
}

test('every dependency answering: 200 with each one up', async () => {
  const { status, body, problems } = await health({ redis: async () => 'PONG', mysql: async () => [] })
  expect({ status, body }).toEqual({ status: 200, body: { status: 'ok', checks: { redis: 'up', mysql: 'up' } } })
  expect(problems).toEqual([])
})

test('a dependency that fails: 503 naming it, the reason logged and kept out of the body', async () => {
  const { status, body, problems } = await health({
    redis: async () => 'PONG',
    mysql: async () => Promise.reject(new Error('connect ECONNREFUSED 10.0.0.7:3306')),
  })
  expect({ status, body }).toEqual({ status: 503, body: { status: 'unavailable', checks: { redis: 'up', mysql: 'down' } } })
  expect(JSON.stringify(body)).not.toContain('10.0.0.7')
  expect(problems).toMatchObject([{ msg: 'health check failed', fields: { dependency: 'mysql', error: { message: 'connect ECONNREFUSED 10.0.0.7:3306' } } }])
})

test('a dependency that never answers is down after the timeout, not a hung probe', async () => {
  const started = performance.now()
  const { status, body } = await health({ bus: () => new Promise(() => {}), redis: async () => 'PONG' }, 100)
  expect({ status, body }).toEqual({ status: 503, body: { status: 'unavailable', checks: { bus: 'down', redis: 'up' } } })
  expect(performance.now() - started).toBeLessThan(2000)
})

test('a check that throws before returning a promise counts as down', async () => {
  const { body } = await health({
    store: () => {
      throw new Error('closed')
    },
  })
  expect(body).toEqual({ status: 'unavailable', checks: { store: 'down' } })
})

test('/health/live answers without asking any dependency', async () => {
  const { log } = recordingLog()
  let asked = 0
  const app = new Elysia().use(healthRoutes({ redis: async () => void asked++ }, { log }))
  const response = await app.handle(new Request('http://localhost/health/live'))
  expect({ status: response.status, body: await response.json(), asked }).toEqual({ status: 200, body: { status: 'ok' }, asked: 0 })
})

test('however many callers ask at once or in quick succession, each dependency is asked once: the public /health cannot be used to flood Redis, Kafka or the log', async () => {
  const { log, problems } = recordingLog()
  let asked = 0
  const app = new Elysia().use(healthRoutes({ bus: async () => (asked++, Promise.reject(new Error('down'))) }, { log, reuseMs: 200 }))
  const ask = () => app.handle(new Request('http://localhost/health')).then((r) => r.status)
  expect(await Promise.all(Array.from({ length: 50 }, ask))).toEqual(Array.from({ length: 50 }, () => 503))
  for (let i = 0; i < 50; i++) expect(await ask()).toBe(503)
  expect({ asked, logged: problems().length }).toEqual({ asked: 1, logged: 1 })
  // a result is reused only that long: a dependency back up is seen on the next probe after it
  await Bun.sleep(250)
  await ask()
  expect(asked).toBe(2)
})
