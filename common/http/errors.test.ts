import { expect, test } from 'bun:test'
import { Elysia } from 'elysia'
import { recordingLog } from '../../test/support/recording-log'
import { AppError, DependencyUnavailable } from '../errors'
import { errorHandling } from './errors'

function appThrowing(error: () => unknown) {
  const { log, problems } = recordingLog()
  const app = new Elysia().use(errorHandling(log)).get('/', () => {
    throw error()
  })
  const call = async () => {
    const res = await app.handle(new Request('http://localhost/'))
    return { status: res.status, code: ((await res.json()) as { code: string }).code }
  }
  return { call, problems }
}

const refused = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6379'), { code: 'ECONNREFUSED' })

test.each([
  ['a refused connection', refused],
  ['a closed Redis connection', () => new Error('Connection is closed.')],
  ['a dependency said to be unavailable', () => new DependencyUnavailable('mysql', new Error('timeout'))],
])('%s is 503 SERVICE_UNAVAILABLE: the same request works once the dependency is back', async (_, error) => {
  expect(await appThrowing(error).call()).toEqual({ status: 503, code: 'SERVICE_UNAVAILABLE' })
})

test('a typed error keeps its status and code; anything else is a bug: 500, logged', async () => {
  expect(await appThrowing(() => new AppError('SOLD_OUT', 409, 'no stock left')).call()).toEqual({ status: 409, code: 'SOLD_OUT' })
  const bug = appThrowing(() => new TypeError('x is undefined'))
  expect(await bug.call()).toEqual({ status: 500, code: 'INTERNAL' })
  expect(bug.problems().map((p) => p.level)).toEqual(['error'])
})

test('an outage is logged once however many requests it fails, not once per request', async () => {
  const outage = appThrowing(refused)
  for (let i = 0; i < 100; i++) await outage.call()
  expect(outage.problems()).toHaveLength(1)
  expect(outage.problems()[0]).toMatchObject({ level: 'warn', fields: { failedSinceLastLine: 1 } })
})
