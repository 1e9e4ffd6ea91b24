/**
 * Fault: MySQL stopped for 10 s while core's workers apply a stream of payments confirmed through
 * the gateway. The gateway never waits on MySQL, so shoppers keep paying; the commands wait on the
 * bus and apply once MySQL is back; none is dead-lettered; every count is exact. The platform runs
 * as processes on a MariaDB and a Redis of this test's own (the suite's shared ones keep running).
 */
import { afterAll, beforeAll, expect, test } from 'bun:test'
import { createBus } from '../common/bus'
import { createMysqlPool, type Pool, type RowDataPacket } from '../common/clients/mysql'
import { createLogger } from '../common/log'
import { topics } from '../common/topics'
import { createMysqlBehaviorStore } from '../analytics/store/mysql'
import { countEntries } from '../core/repositories/entries'
import { countActivityPurchases } from '../core/repositories/purchases'
import { ownMariadb, ownRedis, type OwnServer } from './support/own-servers'
import { startPlatform, type Platform } from './support/platform'
import { waitFor } from './support/wait'

let mariadb: OwnServer
let redis: OwnServer
let platform: Platform
let pool: Pool

beforeAll(async () => {
  ;[mariadb, redis] = await Promise.all([ownMariadb('axon_outage'), ownRedis()])
  platform = await startPlatform({ redisUrl: redis.url, mysqlUrl: mariadb.url })
  pool = createMysqlPool({ url: mariadb.url, connectionLimit: 2 })
}, 120_000)

afterAll(async () => {
  await pool?.end()
  await platform?.stop()
  await Promise.all([mariadb?.remove(), redis?.remove()])
})

/** Runs `call` over `items`, `size` at a time. */
async function inChunks<T, R>(items: readonly T[], size: number, call: (item: T) => Promise<R>, pauseMs = 0): Promise<R[]> {
  const results: R[] = []
  for (let i = 0; i < items.length; i += size) {
    results.push(...(await Promise.all(items.slice(i, i + size).map(call))))
    if (pauseMs) await Bun.sleep(pauseMs)
  }
  return results
}

test('MySQL stopped for 10 s while payments are applied: they wait on the bus and apply after; nothing dead-lettered; counts exact', async () => {
  const shoppers = 1500
  const activity = await platform.openActivity({ limit: shoppers, price: 80 })
  const userIds = Array.from({ length: shoppers }, (_, i) => 7_000_000 + i)
  const holds = await inChunks(userIds, 100, async (userId) => {
    const body = (await (await platform.reserve(activity.id, userId)).json()) as { status?: string; token?: string }
    expect(body.status).toBe('RESERVED')
    return { userId, token: body.token! }
  })

  // a stream of payments, 50 every 100 ms, going on before, during and after the outage
  const paying = inChunks(holds, 50, (hold) => platform.confirm(hold.token, hold.userId, 80).then((r) => r.status), 100)
  await waitFor(async () => (await countEntries(pool, activity.id)) >= 200, { timeoutMs: 30_000, what: 'core to be applying payments' })
  const appliedBeforeOutage = await countEntries(pool, activity.id)
  await mariadb.stop()
  expect(await pool.query('SELECT 1').then(() => 'up', () => 'down')).toBe('down')
  expect(appliedBeforeOutage).toBeLessThan(shoppers)
  await Bun.sleep(10_000) // the outage itself
  await mariadb.start()

  expect(await paying).toEqual(holds.map(() => 200))
  await waitFor(async () => (await countEntries(pool, activity.id)) === shoppers, { timeoutMs: 90_000, what: `${shoppers} entries` })

  const bus = createBus({ log: createLogger({}, 'error'), settings: { kind: 'redis', redisUrl: redis.url } })
  try {
    expect(await bus.deadLetters(topics.campaignActivityCommand)).toEqual([])
    expect(await bus.deadLetters(topics.eventRaw)).toEqual([])
  } finally {
    await bus.close()
  }
  expect(await countActivityPurchases(pool, activity.id)).toBe(shoppers)
  const [distinct] = await pool.query<RowDataPacket[]>(
    'SELECT COUNT(DISTINCT user_id) AS users, COUNT(DISTINCT order_id) AS orders FROM campaign_activity_entries WHERE campaign_activity_id = ?',
    [activity.id],
  )
  expect(distinct[0]).toEqual({ users: shoppers, orders: shoppers } as never)

  // the PURCHASE events went through the outbox and the sink, which waited out the outage too
  const store = createMysqlBehaviorStore({ url: mariadb.url, connectionLimit: 1 })
  try {
    await waitFor(async () => (await store.countByTrigger({ activityId: activity.id })).PURCHASE === shoppers, {
      timeoutMs: 60_000,
      what: `${shoppers} PURCHASE events in the behaviour store`,
    })
  } finally {
    await store.close()
  }
  const metrics = await (await fetch(`${platform.processes.core.url}/metrics`)).text()
  expect(metrics).toContain('axon_core_commands_dead_lettered_total{process="core"} 0')
  expect(Object.values(platform.processes).map((p) => p.child.exitCode)).toEqual([null, null, null])
}, 240_000)
