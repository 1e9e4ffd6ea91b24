/**
 * The whole platform on the Kafka bus (AXON_BUS=kafka): gateway, core and analytics as processes,
 * commands forwarded from the gateway's Redis outbox to Kafka, behaviour events on Kafka. Runs
 * against KAFKA_BROKERS when set, otherwise librdkafka's mock cluster via kcat (a Kafka protocol
 * peer in memory, NOT Apache Kafka); skipped by name when neither is available. A reservation
 * spike paid in full and a tracker burst with resent batches: counts exact in MySQL and the
 * behaviour store, nothing dead-lettered.
 */
import { afterAll, beforeAll, expect, test } from 'bun:test'
import { createBus } from '../common/bus'
import type { Bus } from '../common/bus/port'
import { createMysqlPool, type Pool } from '../common/clients/mysql'
import { createLogger } from '../common/log'
import type { BehaviorEvent } from '../common/schemas/behavior-event'
import { topics } from '../common/topics'
import { createMysqlBehaviorStore } from '../analytics/store/mysql'
import { countEntries } from '../core/repositories/entries'
import { countActivityPurchases } from '../core/repositories/purchases'
import { testEvent } from './support/events'
import { kafkaForTests } from './support/kafka-mock'
import { ownMariadb, ownRedis, type OwnServer } from './support/own-servers'
import { startPlatform, type Platform } from './support/platform'
import { waitFor } from './support/wait'

const kafka = await kafkaForTests()
const name = 'the whole platform on the Kafka bus: a paid reservation spike and a tracker burst end to end, counts exact, nothing dead-lettered'

if ('skipReason' in kafka) {
  console.log(`SKIPPED: "${name}" (${kafka.skipReason})`)
  test.skip(name, () => {})
} else {
  console.log(`${name}: running against ${kafka.description}`)
  let mariadb: OwnServer
  let redis: OwnServer
  let platform: Platform
  let pool: Pool
  let bus: Bus

  beforeAll(async () => {
    ;[mariadb, redis] = await Promise.all([ownMariadb('axon_kafka'), ownRedis()])
    const brokers = kafka.brokers.join(',')
    // the session timeout (AXON_BUS_RECLAIM_IDLE_MS) at its shortest: see common/bus/kafka-consumer.ts
    platform = await startPlatform({ redisUrl: redis.url, mysqlUrl: mariadb.url, settings: { bus: 'kafka', kafkaBrokers: brokers, busReclaimIdleMs: 6000 } })
    pool = createMysqlPool({ url: mariadb.url, connectionLimit: 2 })
    bus = createBus({ log: createLogger({}, 'error'), settings: { kind: 'kafka', brokers: kafka.brokers, clientId: 'axon-kafka-platform-test' } })
  }, 180_000)

  afterAll(async () => {
    await Promise.all([pool?.end(), bus?.close()])
    await platform?.stop()
    await Promise.all([mariadb?.remove(), redis?.remove()])
    await kafka.stop()
  })

  test(`${name} (${kafka.description})`, async () => {
    const units = 200
    const activity = await platform.openActivity({ limit: units, price: 80 })

    // the spike: 1,000 shoppers at once for 200 units, then every winner pays
    const shoppers = Array.from({ length: 1000 }, (_, i) => 8_000_000 + i)
    const reserved = await Promise.all(
      shoppers.map(async (userId) => {
        const body = (await (await platform.reserve(activity.id, userId)).json()) as { status?: string; code?: string; token?: string }
        return { userId, outcome: body.status ?? body.code, token: body.token }
      }),
    )
    const winners = reserved.filter((r) => r.outcome === 'RESERVED')
    expect(winners).toHaveLength(units)
    expect(reserved.filter((r) => r.outcome !== 'RESERVED').every((r) => r.outcome === 'SOLD_OUT')).toBe(true)
    const paid = await Promise.all(winners.map((w) => platform.confirm(w.token!, w.userId, 80).then((r) => r.status)))
    expect(paid).toEqual(winners.map(() => 200))

    // the burst: 60 tracker batches of 40 events at once, 10 of them sent twice (a tracker retrying)
    const batches: BehaviorEvent[][] = Array.from({ length: 60 }, (_, b) =>
      Array.from({ length: 40 }, (_, i) => testEvent({ activityId: activity.id, campaignId: null, triggerType: (b + i) % 4 === 0 ? 'CLICK' : 'PAGE_VIEW' })),
    )
    const answers = await Promise.all([...batches, ...batches.slice(0, 10)].map((events) => platform.collect(events).then((r) => r.json() as Promise<{ accepted: number }>)))
    expect(answers.reduce((n, a) => n + a.accepted, 0)).toBe(70 * 40)
    const unique = batches.flat()
    const expected = {
      CLICK: unique.filter((e) => e.triggerType === 'CLICK').length,
      PAGE_VIEW: unique.filter((e) => e.triggerType === 'PAGE_VIEW').length,
      PURCHASE: units,
    }

    await waitFor(async () => (await countEntries(pool, activity.id)) === units, { timeoutMs: 90_000, what: `${units} entries in MySQL` })
    const store = createMysqlBehaviorStore({ url: mariadb.url, connectionLimit: 1 })
    try {
      const stored = () => store.countByTrigger({ activityId: activity.id })
      const allThere = (counts: Partial<Record<string, number>>) => Object.entries(expected).every(([trigger, n]) => counts[trigger] === n)
      await waitFor(async () => allThere(await stored()), { timeoutMs: 90_000, what: 'every behaviour event stored' })
      expect(await stored()).toEqual(expected)
    } finally {
      await store.close()
    }
    expect(await countEntries(pool, activity.id)).toBe(units)
    expect(await countActivityPurchases(pool, activity.id)).toBe(units)
    expect(await bus.deadLetters(topics.campaignActivityCommand)).toEqual([])
    expect(await bus.deadLetters(topics.eventRaw)).toEqual([])
  }, 240_000)
}
