/**
 * The Elasticsearch adapter's start and writes, against a canned stand-in (test/support/
 * canned-elasticsearch.ts): a local HTTP server answering with responses shaped as the
 * Elasticsearch reference shows them, because no Elasticsearch runs on this machine (DESIGN §7).
 * These tests check our side of the protocol — the template and bulk requests we send, and how
 * we read per-item results and failures. They are not a store: what Elasticsearch itself does
 * with the requests is checked by the contract suite whenever ELASTICSEARCH_URL is set
 * (elasticsearch-store.test.ts).
 */
import { afterEach, beforeEach, describe, expect, test } from 'bun:test'
import { DependencyUnavailable, isTransient } from '../../../common/errors'
import { createLogger } from '../../../common/log'
import {
  alreadyExists,
  bulkAnswer,
  created,
  errorBody,
  failedCreate,
  json,
  ndjsonLines,
  startCannedElasticsearch,
  type CannedElasticsearch,
} from '../../../test/support/canned-elasticsearch'
import { testEvent } from '../../../test/support/events'
import { EventsRefused, type BehaviorStore } from '../port'
import { EventsRejected } from './bulk-write'
import { createElasticsearchStore } from './index'

const log = createLogger({}, 'error')
const templateRoute = 'PUT /_index_template/behavior-events'
const ack = { acknowledged: true }

let es: CannedElasticsearch
const started: BehaviorStore[] = []

/** maxRetries 0: the client would otherwise repeat a 5xx or a refused connection itself. */
async function startStore(): Promise<BehaviorStore> {
  es.answer(templateRoute, ack)
  const store = await createElasticsearchStore({ url: es.url, log, maxRetries: 0 })
  started.push(store)
  return store
}

beforeEach(() => {
  es = startCannedElasticsearch()
})
afterEach(async () => {
  await Promise.all(started.splice(0).map((store) => store.close()))
  await es.stop()
})

describe('start', () => {
  test('puts the index template for behavior-events-*: keyword ids, date occurredAt, visitor, typed platform properties', async () => {
    await startStore()
    const [put] = es.requests
    expect(`${put?.method} ${put?.path}`).toBe(templateRoute)
    // client 9 asks for the 9.x REST API; an 8.x server refuses it (media_type_header_exception)
    expect(put?.contentType).toBe('application/vnd.elasticsearch+json; compatible-with=9')
    const template = json(put)
    expect(template.index_patterns).toEqual(['behavior-events-*'])
    expect(template.priority).toBeGreaterThan(100)
    const { mappings } = template.template
    for (const field of ['eventId', 'triggerType', 'visitor', 'userId', 'anonymousId', 'sessionId', 'campaignId', 'activityId'])
      expect(mappings.properties[field]).toEqual({ type: 'keyword' })
    expect(mappings.properties.occurredAt).toEqual({ type: 'date' })
    // nothing becomes a field by itself, at the top or among free-form properties
    expect([mappings.dynamic, mappings.properties.properties.dynamic]).toEqual([false, false])
    expect(mappings.dynamic_templates).toBeUndefined()
    const properties = mappings.properties.properties.properties
    expect([properties.source, properties.productId, properties.orderId]).toEqual([{ type: 'keyword' }, { type: 'keyword' }, { type: 'keyword' }])
    expect(properties.amount).toEqual({ type: 'double', ignore_malformed: true })
  })

  test('a template Elasticsearch refuses fails the start with its reason, as a bug rather than an outage', async () => {
    const reason = 'index template [behavior-events] has index patterns [behavior-events-*] matching patterns from existing templates'
    es.answer(templateRoute, errorBody(400, 'illegal_argument_exception', reason), 400)
    const start = createElasticsearchStore({ url: es.url, log, maxRetries: 0 })
    const error = await start.catch((e: unknown) => e)
    expect(String(error)).toContain(reason)
    expect(isTransient(error)).toBe(false)
  })

  test('an index prefix Elasticsearch would refuse as an index name is refused before any request', async () => {
    await expect(createElasticsearchStore({ url: es.url, log, indexPrefix: 'Behavior*' })).rejects.toThrow('invalid Elasticsearch index prefix')
    expect(es.requests).toHaveLength(0)
  })
})

describe('write', () => {
  test('a batch of events as large as /collect takes goes in several bulk requests of at most 10 MiB, counted together: one request would exceed what Elasticsearch takes (http.max_content_length) with a 413 naming no event, retried forever', async () => {
    const store = await startStore()
    const properties = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`p${i}`, '\u0001'.repeat(1024)]))
    const events = Array.from({ length: 60 }, () => testEvent({ occurredAt: '2026-11-20T10:00:00Z', properties }))
    const index = 'behavior-events-2026.11'
    // each bulk is answered for its own events, whichever way the batch was cut
    es.answerEach('POST /_bulk', (request) => bulkAnswer(ndjsonLines(request).flatMap((line) => (line.create ? [created(index, line.create._id)] : []))))

    expect(await store.write(events)).toEqual({ written: 60, duplicates: 0 })
    const bulks = es.requests.filter((r) => r.path === '/_bulk')
    expect(bulks.length).toBeGreaterThan(1)
    for (const bulk of bulks) expect(Buffer.byteLength(bulk.body)).toBeLessThanOrEqual(10 * 1024 * 1024)
    expect(bulks.flatMap((bulk) => ndjsonLines(bulk).flatMap((line) => (line.create ? [line.create._id] : [])))).toEqual(events.map((e) => e.eventId))
  })

  test('sends one NDJSON bulk of create actions, id = eventId, index = UTC month of occurredAt, refresh=wait_for', async () => {
    const store = await startStore()
    const nearMidnight = testEvent({ occurredAt: '2026-11-30T23:30:00-02:00', userId: 7, referrer: null })
    const anonymous = testEvent({ occurredAt: '2026-11-23T09:15:00Z', triggerType: 'CLICK', anonymousId: 'anon-9' })
    es.answer('POST /_bulk', bulkAnswer([created('behavior-events-2026.12', nearMidnight.eventId), created('behavior-events-2026.11', anonymous.eventId)]))

    expect(await store.write([nearMidnight, anonymous])).toEqual({ written: 2, duplicates: 0 })

    const bulk = es.requests[1]
    expect(bulk?.query.get('refresh')).toBe('wait_for')
    expect(bulk?.contentType).toBe('application/vnd.elasticsearch+x-ndjson; compatible-with=9')
    expect(bulk?.body.endsWith('\n')).toBe(true) // the bulk API requires the final newline
    const [action1, doc1, action2, doc2, ...rest] = ndjsonLines(bulk)
    expect(rest).toEqual([])
    expect(action1).toEqual({ create: { _index: 'behavior-events-2026.12', _id: nearMidnight.eventId } })
    expect(action2).toEqual({ create: { _index: 'behavior-events-2026.11', _id: anonymous.eventId } })
    const { referrer: _, ...stored } = nearMidnight
    expect(doc1).toEqual({ ...stored, occurredAt: '2026-12-01T01:30:00.000Z', visitor: 'u:7' })
    expect(doc2).toEqual({ ...anonymous, occurredAt: '2026-11-23T09:15:00.000Z', visitor: 'a:anon-9' })
  })

  test('a 409 version_conflict_engine_exception item is a duplicate, counted and not an error', async () => {
    const store = await startStore()
    const event = testEvent({ occurredAt: '2026-11-23T09:15:00Z' })
    const index = 'behavior-events-2026.11'
    // the same event twice in one batch: both actions go out, Elasticsearch creates the first
    es.answer('POST /_bulk', bulkAnswer([created(index, event.eventId), alreadyExists(index, event.eventId)]))
    expect(await store.write([event, event])).toEqual({ written: 1, duplicates: 1 })
    expect(ndjsonLines(es.requests[1]).filter((line) => 'create' in line)).toHaveLength(2)
  })

  test('items refused for good (400) throw EventsRejected naming each event and reason, with what was stored', async () => {
    const store = await startStore()
    const at = { occurredAt: '2026-11-23T09:15:00Z' }
    const [ok, dup, bad] = [testEvent(at), testEvent(at), testEvent(at)]
    const index = 'behavior-events-2026.11'
    const reason = `[1:412] failed to parse field [properties.amount] of type [double] in document with id '${bad.eventId}'`
    es.answer(
      'POST /_bulk',
      bulkAnswer([created(index, ok.eventId), alreadyExists(index, dup.eventId), failedCreate(index, bad.eventId, 400, 'document_parsing_exception', reason)]),
    )
    const error = await store.write([ok, dup, bad]).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(EventsRejected)
    const rejected = error as EventsRejected
    expect(rejected.stored).toEqual({ written: 1, duplicates: 1 })
    expect(rejected.failures).toEqual([{ eventId: bad.eventId, index, status: 400, type: 'document_parsing_exception', reason }])
    expect(rejected.message).toContain(reason)
    expect(isTransient(rejected)).toBe(false)
  })

  test('an event no store holds (year 10000 UTC) is not sent; it is refused together with what Elasticsearch refused', async () => {
    const store = await startStore()
    const at = { occurredAt: '2026-11-23T09:15:00Z' }
    const [ok, bad] = [testEvent(at), testEvent(at)]
    const late = testEvent({ occurredAt: '9999-12-31T23:59:59-01:00' })
    const index = 'behavior-events-2026.11'
    es.answer('POST /_bulk', bulkAnswer([created(index, ok.eventId), failedCreate(index, bad.eventId, 400, 'document_parsing_exception', 'no')]))
    const error = (await store.write([ok, late, bad]).catch((e: unknown) => e)) as EventsRefused
    expect(error).toBeInstanceOf(EventsRefused)
    expect([...error.refused.keys()].sort()).toEqual([late.eventId, bad.eventId].sort())
    expect(error.refused.get(late.eventId)).toContain('outside years 1000–9999 UTC')
    expect(error.stored).toEqual({ written: 1, duplicates: 0 })
    expect(ndjsonLines(es.requests[1]).flatMap((line) => ('create' in line ? [line.create._id] : []))).toEqual([ok.eventId, bad.eventId])
  })

  test('items rejected with 429 (queues full) make the whole write transient, so the bus retries the batch', async () => {
    const store = await startStore()
    const [ok, busy] = [testEvent({ occurredAt: '2026-11-23T09:15:00Z' }), testEvent({ occurredAt: '2026-11-23T09:16:00Z' })]
    const reason = 'rejected execution of coordinating operation [shard_detail=[behavior-events-2026.11][0][P]]'
    es.answer(
      'POST /_bulk',
      bulkAnswer([created('behavior-events-2026.11', ok.eventId), failedCreate('behavior-events-2026.11', busy.eventId, 429, 'es_rejected_execution_exception', reason)]),
    )
    const error = await store.write([ok, busy]).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(DependencyUnavailable)
    expect(String(error)).toContain(busy.eventId)
  })

  test('429 and 503 answers to the whole request and an unreachable server are transient; a 400 is not', async () => {
    const store = await startStore()
    const event = testEvent()
    es.answer('POST /_bulk', errorBody(429, 'circuit_breaking_exception', '[parent] Data too large'), 429)
    expect(isTransient(await store.write([event]).catch((e: unknown) => e))).toBe(true)
    es.answer('POST /_bulk', errorBody(503, 'unavailable_shards_exception', '[behavior-events-2026.11][0] primary shard is not active'), 503)
    expect(isTransient(await store.write([event]).catch((e: unknown) => e))).toBe(true)
    es.answer('POST /_bulk', errorBody(400, 'illegal_argument_exception', 'Malformed action/metadata line [1]'), 400)
    const badRequest = await store.write([event]).catch((e: unknown) => e)
    expect(String(badRequest)).toContain('Malformed action/metadata line')
    expect(isTransient(badRequest)).toBe(false)
    await es.stop()
    expect(isTransient(await store.write([event]).catch((e: unknown) => e))).toBe(true)
  })

  test('a bulk answer whose items do not match the actions sent is an error, never a count', async () => {
    const store = await startStore()
    const [a, b] = [testEvent(), testEvent()]
    es.answer('POST /_bulk', bulkAnswer([created('behavior-events-2026.11', a.eventId)]))
    await expect(store.write([a, b])).rejects.toThrow('bulk response has 1 items for 2 actions')
  })

  test('an empty batch sends nothing', async () => {
    const store = await startStore()
    expect(await store.write([])).toEqual({ written: 0, duplicates: 0 })
    expect(es.requests).toHaveLength(1)
  })
})
