/**
 * Acceptance: a purchase confirmed through the reservation path — gateway reserve and confirm,
 * core's command worker, its outbox relay, the bus, the sink — is in the behaviour store as one
 * PURCHASE event with source=backend, even when the relay publishes it twice, and a shopper who
 * forges it at /collect first cannot take its place.
 */
import { afterAll, beforeAll, expect, test } from 'bun:test'
import { randomUUID } from 'node:crypto'
import { startBehaviorSink } from '../analytics/sink/behavior-sink'
import { sinkMetrics } from '../analytics/sink/metrics'
import { createMysqlBehaviorStore } from '../analytics/store/mysql'
import type { Subscription } from '../common/bus/port'
import { createRedisStreamsBus } from '../common/bus/redis-streams'
import { redisUrl } from '../common/clients/redis'
import { createLogger } from '../common/log'
import { createRegistry } from '../common/metrics'
import { groups } from '../common/topics'
import { startOutboxRelay, type OutboxRelay } from '../core/outbox/relay'
import { startCommandWorkers, type CommandWorkerPool } from '../core/workers/pool'
import { purchaseEventId } from '../core/workers/purchase-event'
import { testPool } from './support/clients'
import { closeCoreTestClients, freshUserIds, testCoreApp } from './support/core-app'
import { startTestGateway } from './support/gateway'
import { groupCaughtUp } from './support/stream-backlog'
import { testEvent } from './support/events'
import { readTopic } from './support/topic-reader'
import { waitFor } from './support/wait'

const log = createLogger({ process: 'purchase-event-test' }, 'error')
const core = testCoreApp()
const commandTopic = `test.command.${randomUUID()}`
const eventTopic = `test.event.raw.${randomUUID()}`
// /collect publishes where the backend's events go, so a forged event meets the real one
const gateway = startTestGateway({ redis: core.redis, commandOutbox: commandTopic, eventTopic })
const bus = createRedisStreamsBus(redisUrl(), log)
const store = createMysqlBehaviorStore()
let workers: CommandWorkerPool
let relays: OutboxRelay[]
let sink: Subscription

beforeAll(async () => {
  workers = startCommandWorkers({
    size: 1,
    settings: { topic: commandTopic, group: groups.coreCommandWorkers, eventTopic, batchSize: 50, maxDeliveries: 5, reclaimIdleMs: 5000, concurrency: 4 },
    log,
  })
  await workers.ready()
  // two core instances' relays
  relays = [testPool(2), testPool(2)].map((pool) => startOutboxRelay({ pool, bus, log, pollMs: 50 }))
  sink = await startBehaviorSink({
    bus, store, metrics: sinkMetrics(createRegistry('purchase-event-test')), topic: eventTopic,
    consumer: 'purchase-event-test', batchSize: 100, maxDeliveries: 5, reclaimIdleMs: 30_000, blockMs: 50,
  })
})
afterAll(async () => {
  await sink.stop()
  await Promise.all(relays.map((relay) => relay.stop()))
  await workers.stop()
  await gateway.stop()
  await bus.close()
  await store.close()
  await closeCoreTestClients()
})

test('a purchase paid through the gateway is one PURCHASE event with source=backend in the store, even published twice', async () => {
  const { activity, campaign, product } = await core.openActivity({ limit: 5, price: 50_000 })
  const [userId] = freshUserIds(1) as [number]
  const reserved = (await (await gateway.reserve(activity.id, userId)).json()) as { token: string }
  const confirmed = await gateway.confirm(reserved.token, userId, { amount: 50_000 })
  expect(confirmed.status).toBe(200)
  const { orderId } = (await confirmed.json()) as { orderId: string }
  const published = await readTopic(bus, eventTopic)

  const purchases = () => store.countByTrigger({ activityId: activity.id })
  await waitFor(async () => (await purchases()).PURCHASE === 1, { timeoutMs: 20_000, what: 'the PURCHASE event in the store' })
  expect(await store.recentEvents({ activityId: activity.id })).toEqual([
    expect.objectContaining({
      eventId: purchaseEventId(orderId),
      triggerType: 'PURCHASE',
      userId,
      activityId: activity.id,
      campaignId: campaign.id,
      properties: { source: 'backend', productId: product.id, amount: 50_000, orderId },
    }),
  ])

  // what a relay that crashed between publishing and marking the row leaves: the row unpublished
  await waitFor(() => published.messages.length === 1, { what: 'the event on the topic' })
  await core.pool.query('UPDATE outbox SET published_at = NULL WHERE topic = ?', [eventTopic])
  relays.forEach((relay) => relay.nudge())
  await waitFor(() => published.messages.length === 2, { what: 'the event published a second time' })
  await published.stop()
  expect(new Set(published.messages.map((m) => JSON.parse(m.value).eventId))).toEqual(new Set([purchaseEventId(orderId)]))
  await waitFor(() => groupCaughtUp(core.redis, eventTopic, groups.analyticsSink), { what: 'the sink to take the second copy' })
  expect(await purchases()).toEqual({ PURCHASE: 1 })
  expect(await store.countByTrigger({ campaignId: campaign.id })).toEqual({ PURCHASE: 1 })
  expect(await store.uniqueVisitors({ activityId: activity.id })).toBe(1)
})

test("a PURCHASE forged at /collect with the backend's event id and source is refused, and the backend's is stored with its amount", async () => {
  const { activity } = await core.openActivity({ limit: 5, price: 50_000 })
  const [userId] = freshUserIds(1) as [number]
  const reserved = (await (await gateway.reserve(activity.id, userId)).json()) as { token: string }
  // the confirm answer tells the shopper the order id, before core has applied the entry
  const { orderId } = (await (await gateway.confirm(reserved.token, userId, { amount: 50_000 })).json()) as { orderId: string }
  const forged = (eventId: string) =>
    testEvent({ eventId, triggerType: 'PURCHASE', userId, activityId: activity.id, properties: { source: 'backend', amount: 1, orderId } })
  const answer = await fetch(`${gateway.url}/collect`, {
    method: 'POST',
    headers: { 'content-type': 'text/plain' },
    body: JSON.stringify({ events: [forged(purchaseEventId(orderId)), forged(`purchase-${orderId}`)] }),
  })
  const result = (await answer.json()) as { accepted: number; rejected: { code: string }[] }
  expect(result).toMatchObject({ accepted: 0, rejected: [{ code: 'RESERVED_FOR_BACKEND' }, { code: 'RESERVED_FOR_BACKEND' }] })

  await waitFor(async () => (await store.countByTrigger({ activityId: activity.id })).PURCHASE === 1, { timeoutMs: 20_000, what: "the backend's PURCHASE in the store" })
  expect(await store.recentEvents({ activityId: activity.id })).toEqual([
    expect.objectContaining({ eventId: purchaseEventId(orderId), properties: expect.objectContaining({ source: 'backend', amount: 50_000 }) }),
  ])
})
