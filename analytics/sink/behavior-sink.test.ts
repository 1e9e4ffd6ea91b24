/**
 * The sink on the real Redis Streams bus and the real MySQL store: what it writes, what it
 * dead-letters, and that a batch it could not write stays unacknowledged until a sink can; and,
 * through the Elasticsearch adapter, what it does with events a store refuses for good.
 */
import { afterAll, expect, test } from 'bun:test'
import { randomUUID } from 'node:crypto'
import type { Bus } from '../../common/bus/port'
import { dlqHeaders } from '../../common/bus/port'
import { createRedisStreamsBus } from '../../common/bus/redis-streams'
import type { RowDataPacket } from '../../common/clients/mysql'
import { redisUrl } from '../../common/clients/redis'
import { createLogger } from '../../common/log'
import { createRegistry } from '../../common/metrics'
import { dlqTopic, groups } from '../../common/topics'
import { closeTestClients, testPool, testRedis } from '../../test/support/clients'
import { testEvent } from '../../test/support/events'
import { groupCaughtUp, pendingEntries } from '../../test/support/stream-backlog'
import { readTopic } from '../../test/support/topic-reader'
import { waitFor } from '../../test/support/wait'
import { bulkAnswer, created, failedCreate, startCannedElasticsearch } from '../../test/support/canned-elasticsearch'
import { createElasticsearchStore } from '../store/elasticsearch'
import { createMysqlBehaviorStore } from '../store/mysql'
import type { BehaviorStore } from '../store/port'
import { startBehaviorSink } from './behavior-sink'
import { sinkMetrics, type SinkMetrics } from './metrics'

const bus = createRedisStreamsBus(redisUrl(), createLogger({}, 'error'))
const redis = testRedis('sink-test')
const pool = testPool(2)
const store = createMysqlBehaviorStore()
afterAll(async () => {
  await bus.close()
  await store.close()
  await closeTestClients()
})

const activityId = () => 3_000_000_000 + Math.floor(Math.random() * 1_000_000_000)

function sink(topic: string, metrics: SinkMetrics, options: { store?: BehaviorStore; bus?: Bus; reclaimIdleMs?: number } = {}) {
  return startBehaviorSink({
    bus: options.bus ?? bus,
    store: options.store ?? store,
    metrics,
    topic,
    consumer: `sink-${randomUUID()}`,
    batchSize: 8,
    maxDeliveries: 3,
    reclaimIdleMs: options.reclaimIdleMs ?? 30_000,
    blockMs: 50,
  })
}

async function countedAs(metrics: SinkMetrics) {
  const { values } = await metrics.events.get()
  return Object.fromEntries(values.map((v) => [v.labels.result, v.value]))
}

test('writes each valid event once and dead-letters unreadable and invalid messages with their bytes and a reason', async () => {
  const topic = `test.events.${randomUUID()}`
  const id = activityId()
  const events = Array.from({ length: 20 }, (_, i) => testEvent({ activityId: id, triggerType: i % 2 ? 'CLICK' : 'PAGE_VIEW' }))
  const invalid = [
    { key: 'k-json', value: '{"eventId": "ev-12345678", ' },
    { key: 'k-trigger', value: JSON.stringify({ ...testEvent({ activityId: id }), triggerType: 'HOVER' }) },
    { key: 'k-field', value: JSON.stringify({ ...testEvent({ activityId: id }), secret: 'x' }) },
  ]
  const redelivered = [events[0]!, events[7]!]
  await bus.publish(topic, [...events, ...invalid, ...redelivered].map((m) => ('eventId' in m ? { value: JSON.stringify(m) } : m)))

  const metrics = sinkMetrics(createRegistry('sink-test'))
  const deadLetters = await readTopic(bus, dlqTopic(topic))
  const subscription = await sink(topic, metrics)
  await waitFor(() => groupCaughtUp(redis, topic, groups.analyticsSink), { what: 'the sink to take everything' })
  await waitFor(() => deadLetters.messages.length === 3, { what: 'three dead letters' })
  await Promise.all([subscription.stop(), deadLetters.stop()])

  expect(await store.countByTrigger({ activityId: id })).toEqual({ PAGE_VIEW: 10, CLICK: 10 })
  expect(await countedAs(metrics)).toEqual({ written: 20, duplicate: 2, dead_lettered: 3 })
  const byKey = Object.fromEntries(deadLetters.messages.map((m) => [m.key, m]))
  expect(invalid.map((m) => byKey[m.key]?.value)).toEqual(invalid.map((m) => m.value))
  expect(byKey['k-json']!.headers).toMatchObject({ [dlqHeaders.reason]: 'the message is not JSON', [dlqHeaders.step]: 'parse' })
  expect(byKey['k-trigger']!.headers[dlqHeaders.reason]).toContain('triggerType must be one of PAGE_VIEW')
  expect(byKey['k-field']!.headers).toMatchObject({ [dlqHeaders.step]: 'validate' })
  expect(byKey['k-field']!.headers[dlqHeaders.reason]).toContain('secret is not an accepted field')
  expect((await metrics.batchWriteSeconds.get()).values.find((v) => v.metricName?.endsWith('_count'))!.value).toBeGreaterThanOrEqual(3)
})

test('an event no store can hold (year 10000 UTC) is dead-lettered with its reason; the rest of its batch is stored and the stream moves on', async () => {
  // published straight onto the bus, as an old message, a Kafka producer or a future bug would:
  // /collect is not the only way in. With an activity, its rollup hour used to fail the whole
  // batch's transaction (retried forever, the stream stalled); without one, its raw row used to be
  // stored as 0000-00-00. The sink's schema check (instants 1970–9999 UTC) refuses it now; the
  // stores refuse it too (the store contract), for a writer that skips the check.
  const topic = `test.events.${randomUUID()}`
  const id = activityId()
  const good = Array.from({ length: 10 }, () => testEvent({ activityId: id }))
  const tooLate = testEvent({ activityId: id, occurredAt: '9999-12-31T23:59:59-01:00' })
  const tooLateNowhere = testEvent({ activityId: null, campaignId: null, occurredAt: '9999-12-31T23:30:00-02:00' })
  const published = [...good.slice(0, 4), tooLate, ...good.slice(4, 7), tooLateNowhere, ...good.slice(7)]
  await bus.publish(topic, published.map((e) => ({ key: e.eventId, value: JSON.stringify(e) })))

  const metrics = sinkMetrics(createRegistry('sink-test'))
  const deadLetters = await readTopic(bus, dlqTopic(topic))
  const subscription = await sink(topic, metrics)
  try {
    await waitFor(() => groupCaughtUp(redis, topic, groups.analyticsSink), { what: 'the sink to take the whole stream' })
    await waitFor(() => deadLetters.messages.length === 2, { what: 'two dead letters' })
  } finally {
    await Promise.all([subscription.stop(), deadLetters.stop()])
  }
  expect(await store.countByTrigger({ activityId: id })).toEqual({ PAGE_VIEW: 10 })
  expect(await countedAs(metrics)).toEqual({ written: 10, duplicate: 0, dead_lettered: 2 })
  expect(deadLetters.messages.map((m) => m.key).sort()).toEqual([tooLate.eventId, tooLateNowhere.eventId].sort())
  for (const letter of deadLetters.messages) {
    expect(letter.headers).toMatchObject({ [dlqHeaders.step]: 'validate' })
    expect(letter.headers[dlqHeaders.reason]).toContain('occurredAt')
  }
  const stored = await store.recentEvents({ activityId: id }, { limit: 100 })
  expect(stored.map((e) => e.eventId).sort()).toEqual(good.map((e) => e.eventId).sort())
  // nothing of either stored under a wrong date
  const [raw] = await pool.query<RowDataPacket[]>('SELECT COUNT(*) AS n FROM behavior_events WHERE event_id IN (?)', [[tooLate.eventId, tooLateNowhere.eventId]])
  expect(Number(raw[0]!.n)).toBe(0)
})

test('a batch the store cannot take stays unacknowledged, is never dead-lettered, and is written once a sink can', async () => {
  const topic = `test.events.${randomUUID()}`
  const id = activityId()
  const events = Array.from({ length: 12 }, () => testEvent({ activityId: id }))
  await bus.publish(topic, events.map((e) => ({ value: JSON.stringify(e) })))

  // a database nobody answers at: every write fails the way an outage does (ECONNREFUSED)
  const unreachable = createMysqlBehaviorStore({ url: 'mysql://root@127.0.0.1:9/axon', connectionLimit: 1 })
  const downMetrics = sinkMetrics(createRegistry('sink-test'))
  const deadLetters = await readTopic(bus, dlqTopic(topic))
  const stranded = await sink(topic, downMetrics, { store: unreachable })
  await waitFor(async () => (await downMetrics.writeFailures.get()).values[0]!.value >= 3, { what: 'three failed writes' })
  expect(await pendingEntries(redis, topic, groups.analyticsSink)).toBe(8)
  await stranded.stop()
  await unreachable.close()

  const metrics = sinkMetrics(createRegistry('sink-test'))
  const recovered = await sink(topic, metrics, { reclaimIdleMs: 200 })
  await waitFor(() => groupCaughtUp(redis, topic, groups.analyticsSink), { what: 'the recovered sink to write everything' })
  await Promise.all([recovered.stop(), deadLetters.stop()])
  expect(await store.countByTrigger({ activityId: id })).toEqual({ PAGE_VIEW: 12 })
  expect(await countedAs(metrics)).toEqual({ written: 12, duplicate: 0, dead_lettered: 0 })
  expect(deadLetters.messages).toEqual([])
})

test('an event the store refuses for good goes to the dead-letter topic with the store reason; the rest of its batch is acknowledged', async () => {
  // the Elasticsearch adapter against the canned stand-in (no Elasticsearch runs here): an index
  // whose mapping differs from the template refuses one event of the batch with a 400
  const es = startCannedElasticsearch()
  es.answer('PUT /_index_template/behavior-events', { acknowledged: true })
  const esStore = await createElasticsearchStore({ url: es.url, log: createLogger({}, 'error'), maxRetries: 0 })
  const topic = `test.events.${randomUUID()}`
  const at = { occurredAt: '2026-11-23T09:15:00Z' }
  const [first, refused, last] = [testEvent(at), testEvent(at), testEvent(at)]
  const index = 'behavior-events-2026.11'
  const reason = `[1:412] failed to parse field [properties.amount] of type [long] in document with id '${refused.eventId}'`
  es.answer('POST /_bulk', bulkAnswer([created(index, first.eventId), failedCreate(index, refused.eventId, 400, 'document_parsing_exception', reason), created(index, last.eventId)]))
  await bus.publish(topic, [first, refused, last].map((e) => ({ key: e.eventId, value: JSON.stringify(e) })))

  const metrics = sinkMetrics(createRegistry('sink-test'))
  const deadLetters = await readTopic(bus, dlqTopic(topic))
  const subscription = await sink(topic, metrics, { store: esStore })
  try {
    await waitFor(() => groupCaughtUp(redis, topic, groups.analyticsSink), { what: 'the sink to acknowledge the batch' })
    await waitFor(() => deadLetters.messages.length === 1, { what: 'one dead letter' })
  } finally {
    await Promise.all([subscription.stop(), deadLetters.stop()])
    await esStore.close()
    await es.stop()
  }
  const [letter] = deadLetters.messages
  expect(letter!.key).toBe(refused.eventId)
  expect(JSON.parse(letter!.value)).toEqual(refused)
  expect(letter!.headers).toMatchObject({ [dlqHeaders.step]: 'store' })
  expect(letter!.headers[dlqHeaders.reason]).toContain(reason)
  expect(await countedAs(metrics)).toEqual({ written: 2, duplicate: 0, dead_lettered: 1 })
  expect(es.requests.filter((r) => r.path === '/_bulk')).toHaveLength(1)
})
