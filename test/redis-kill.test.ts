/**
 * Fault (issue 7): `kill -9` of the embedded Redis during a spike of reservations and payments,
 * then a restart from its append-only file (fsync always). Redis is one of the test's own, so
 * the suite's is untouched; the real gateway app drives it over HTTP. Every payment answered
 * CONFIRMED is on the command stream afterwards, nothing is oversold, and while Redis is down
 * the gateway answers 503, never 500.
 */
import { afterAll, expect, test } from 'bun:test'
import { randomUUID } from 'node:crypto'
import { activityKeys } from '../common/redis/keys'
import { publishTestActivity, takenPlusFree } from './support/activity-state'
import { closeTestClients, testRedis } from './support/clients'
import { entryCommandsOn } from './support/commands'
import { startTestGateway } from './support/gateway'
import { ownRedis as startOwnRedis } from './support/own-servers'
import { waitFor } from './support/wait'

const ownRedis = await startOwnRedis()
const redis = testRedis('redis-kill-test', false, ownRedis.url)
// ioredis reports each failed reconnect as an 'error' event; the answers are what this test checks
redis.on('error', () => {})
const commandStream = `test.commands.${randomUUID()}`
const gateway = startTestGateway({ redis, commandOutbox: commandStream })

afterAll(async () => {
  await gateway.stop()
  await closeTestClients()
  await ownRedis.remove()
})

interface Answer {
  step: 'reserve' | 'confirm'
  status: number
  code?: string
}

test('kill -9 of Redis mid-spike: every CONFIRMED payment survives, nothing oversold, 503 (not 500) while it is down', async () => {
  const limit = 150
  const id = await publishTestActivity(redis, { limit })
  const shoppers = Array.from({ length: 1500 }, (_, i) => 5_000_000 + i)
  const answers: Answer[] = []
  const paidOrders: string[] = []
  let next = 0

  async function shopper() {
    while (next < shoppers.length) {
      const userId = shoppers[next++]!
      const reserved = await gateway.reserve(id, userId)
      const hold = (await reserved.json()) as { token?: string; code?: string }
      answers.push({ step: 'reserve', status: reserved.status, code: hold.code })
      if (!hold.token) continue
      const paid = await gateway.confirm(hold.token, userId)
      const payment = (await paid.json()) as { status?: string; orderId?: string; code?: string }
      answers.push({ step: 'confirm', status: paid.status, code: payment.code })
      if (payment.status === 'CONFIRMED') paidOrders.push(payment.orderId!)
    }
  }
  const spike = Promise.all(Array.from({ length: 32 }, shopper))

  await waitFor(() => paidOrders.length >= 40, { what: '40 payments before the kill', timeoutMs: 20_000 })
  await ownRedis.kill()
  const paidBeforeKill = paidOrders.length
  await waitFor(() => answers.filter((a) => a.status === 503).length >= 10, { what: '503 answers while Redis is down', timeoutMs: 20_000 })
  await ownRedis.start()
  await spike

  expect(answers.filter((a) => a.status >= 500 && a.status !== 503)).toEqual([])
  expect(new Set(answers.filter((a) => a.status === 503).map((a) => a.code))).toEqual(new Set(['SERVICE_UNAVAILABLE']))
  expect(paidOrders.length).toBeGreaterThan(paidBeforeKill)

  const k = activityKeys(id)
  const commands = (await entryCommandsOn(redis, commandStream)).map(({ command }) => command)
  const onStream = new Set(commands.map((c) => c.orderId))
  expect(paidOrders.filter((orderId) => !onStream.has(orderId))).toEqual([])
  // one command per confirmed shopper: none lost with the crash, none doubled by a resent script
  expect(commands.length).toBe(await redis.scard(k.confirmed))
  expect(await redis.scard(k.confirmed)).toBeLessThanOrEqual(limit)
  expect(await takenPlusFree(redis, id)).toBe(limit)
})
