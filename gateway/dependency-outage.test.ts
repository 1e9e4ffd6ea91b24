/**
 * The gateway when Redis is gone: every shopper request answers 503 SERVICE_UNAVAILABLE (try
 * again), never 500 (a bug), whether the server was never there or went away while running.
 */
import { afterAll, expect, test } from 'bun:test'
import { createRedis } from '../common/clients/redis'
import { publishTestActivity } from '../test/support/activity-state'
import { closeTestClients, testRedis } from '../test/support/clients'
import { freePorts } from '../test/support/free-ports'
import { startTestGateway } from '../test/support/gateway'

const stops: (() => Promise<unknown>)[] = []
afterAll(async () => {
  for (const stop of stops) await stop()
  await closeTestClients()
})

async function unavailable(res: Response) {
  const body = (await res.json()) as { code: string; message: string }
  return { status: res.status, code: body.code, retryAfter: res.headers.get('retry-after'), says: body.message.includes('try again') }
}

const expected = { status: 503, code: 'SERVICE_UNAVAILABLE', retryAfter: '1', says: true }

test('a gateway whose Redis is not there answers reservations and confirms 503, not 500', async () => {
  const [closedPort] = await freePorts(1)
  const redis = createRedis({ name: 'outage-test', url: `redis://127.0.0.1:${closedPort}` })
  redis.on('error', () => {})
  const gateway = startTestGateway({ redis })
  stops.push(() => gateway.stop(), async () => redis.disconnect())
  expect(await unavailable(await gateway.reserve(42, 1))).toEqual(expected)
  expect(await unavailable(await gateway.confirm('42.abcdef', 1))).toEqual(expected)
})

test('a gateway whose Redis connection goes away while it runs answers 503 from then on', async () => {
  const redis = createRedis({ name: 'outage-test' })
  const gateway = startTestGateway({ redis })
  stops.push(() => gateway.stop())
  const id = await publishTestActivity(testRedis('outage-test-publisher'), { limit: 5 })
  const held = (await (await gateway.reserve(id, 1)).json()) as { token: string }
  expect(held.token).toBeString()
  redis.disconnect()
  expect(await unavailable(await gateway.reserve(id, 2))).toEqual(expected)
  expect(await unavailable(await gateway.confirm(held.token, 1))).toEqual(expected)
})
