import { afterAll, describe, expect, test } from 'bun:test'
import { createLogger } from '../../common/log'
import { activityKeys } from '../../common/redis/keys'
import { publishTestActivity, takenPlusFree } from '../../test/support/activity-state'
import { closeTestClients, testRedis } from '../../test/support/clients'
import { startTestGateway } from '../../test/support/gateway'
import { waitFor } from '../../test/support/wait'
import { startHoldSweeper } from './sweeper'

const redis = testRedis('sweeper-test')
const gateway = startTestGateway({ redis, holdTtlMs: 300 })
const sweeper = startHoldSweeper({ redis, scripts: gateway.scripts, log: createLogger({}, 'error'), intervalMs: 100 })

afterAll(async () => {
  await sweeper.stop()
  await gateway.stop()
  await closeTestClients()
})

describe('holds that lapse unpaid', () => {
  test('return their stock, and their shoppers may reserve again', async () => {
    const id = await publishTestActivity(redis, { limit: 10 })
    const shoppers = Array.from({ length: 10 }, (_, i) => 700 + i)
    const first = await Promise.all(shoppers.map((u) => gateway.reserve(id, u)))
    expect(first.map((r) => r.status)).toEqual(shoppers.map(() => 201))
    expect(await redis.get(activityKeys(id).stock)).toBe('0')

    await waitFor(async () => (await redis.get(activityKeys(id).stock)) === '10', { timeoutMs: 3000 })
    expect(await redis.zcard(activityKeys(id).holds)).toBe(0)
    expect(await redis.scard(activityKeys(id).participants)).toBe(0)

    const again = await Promise.all(shoppers.map((u) => gateway.reserve(id, u)))
    expect(again.map((r) => r.status)).toEqual(shoppers.map(() => 201))
    expect(await takenPlusFree(redis, id)).toBe(10)
  })

  test('a lapsed hold the sweeper has not reached yet does not block a new shopper or its owner', async () => {
    await sweeper.stop()
    const id = await publishTestActivity(redis, { limit: 1 })
    expect((await gateway.reserve(id, 801)).status).toBe(201)
    await Bun.sleep(350)
    // sold out on paper, but the one hold has lapsed: the next shopper gets it
    expect((await gateway.reserve(id, 802)).status).toBe(201)
    await Bun.sleep(350)
    // and the first shopper, whose hold lapsed, is not ALREADY_ENTERED
    expect((await gateway.reserve(id, 801)).status).toBe(201)
    expect(await takenPlusFree(redis, id)).toBe(1)
  })

  test('a sweep returns how many holds it released across activities', async () => {
    const a = await publishTestActivity(redis, { limit: 3 })
    const b = await publishTestActivity(redis, { limit: 3 })
    await Promise.all([gateway.reserve(a, 1), gateway.reserve(a, 2), gateway.reserve(b, 1)])
    await Bun.sleep(350)
    const manual = startHoldSweeper({ redis, scripts: gateway.scripts, log: createLogger({}, 'error'), intervalMs: 60_000 })
    expect(await manual.sweepOnce()).toBeGreaterThanOrEqual(3)
    await manual.stop()
    expect(await redis.get(activityKeys(a).stock)).toBe('3')
    expect(await redis.get(activityKeys(b).stock)).toBe('3')
  })
})
