/**
 * The Elasticsearch adapter's reads, against a canned stand-in (test/support/
 * canned-elasticsearch.ts): a local HTTP server answering with search responses shaped as the
 * Elasticsearch reference shows them, because no Elasticsearch runs on this machine (DESIGN §7).
 * These tests check the search bodies we send (scope and hour filters, aggregation settings,
 * paging) and how we read the aggregation answers into the port's results. The numbers in the
 * answers are canned, not computed: whether Elasticsearch computes them as we expect is the
 * contract suite's job whenever ELASTICSEARCH_URL is set (elasticsearch-canned.store.test.ts).
 */
import { expect, test } from 'bun:test'
import { json, searchAnswer, cannedStoreEachTest } from '../../../test/support/canned-elasticsearch'
import { testEvent } from '../../../test/support/events'

const searchRoute = 'POST /behavior-events-*/_search'
const canned = cannedStoreEachTest()

/** The body of the n-th search (0 = the first after the template). */
const searchBody = (n = 0) => json(canned.es.requests.filter((r) => r.path.endsWith('/_search'))[n])

const termsAnswer = (counts: [string, number][]) => ({
  doc_count_error_upper_bound: 0,
  sum_other_doc_count: 0,
  buckets: counts.map(([key, doc_count]) => ({ key, doc_count })),
})

/** Every count leaves out a PURCHASE whose source is not the backend (a tracker's). */
const counted = {
  bool: { must_not: [{ bool: { filter: [{ term: { triggerType: 'PURCHASE' } }], must_not: [{ term: { 'properties.source': 'backend' } }] } }] },
}

const hourMs = 3_600_000
const nine = Date.parse('2026-11-23T09:00:00Z')

test("countByTrigger: size 0, activity, counted and whole-hour filters, one exact terms page over triggerType", async () => {
  canned.es.answer(searchRoute, searchAnswer({ byTrigger: termsAnswer([['CLICK', 2], ['PAGE_VIEW', 5]]) }))
  const range = { from: new Date('2026-11-23T09:15:00Z'), to: new Date('2026-11-23T11:05:00Z') }

  expect(await canned.store.countByTrigger({ activityId: 7 }, range)).toEqual({ CLICK: 2, PAGE_VIEW: 5 })

  const body = searchBody()
  expect(body.size).toBe(0)
  expect(body.track_total_hits).toBe(false)
  expect(body.query).toEqual({
    bool: {
      filter: [
        { term: { activityId: '7' } },
        counted,
        { range: { occurredAt: { gte: '2026-11-23T09:00:00.000Z', lt: '2026-11-23T12:00:00.000Z', format: 'strict_date_optional_time' } } },
      ],
    },
  })
  expect(body.aggs).toEqual({ byTrigger: { terms: { field: 'triggerType', size: 6, order: { _key: 'asc' } } } })
})

test('countByTrigger of a campaign without a range filters on campaignId alone', async () => {
  canned.es.answer(searchRoute, searchAnswer({ byTrigger: termsAnswer([['PURCHASE', 1]]) }))
  expect(await canned.store.countByTrigger({ campaignId: 3 })).toEqual({ PURCHASE: 1 })
  expect(searchBody().query).toEqual({ bool: { filter: [{ term: { campaignId: '3' } }, counted] } })
})

test('hourlyCounts: a 1 h UTC date_histogram without empty hours, trigger types within; read oldest first', async () => {
  const hour = (key: number, counts: [string, number][]) => ({
    key_as_string: new Date(key).toISOString(),
    key,
    doc_count: counts.reduce((sum, [, n]) => sum + n, 0),
    byTrigger: termsAnswer(counts),
  })
  canned.es.answer(searchRoute, searchAnswer({ hours: { buckets: [hour(nine, [['CLICK', 1], ['PAGE_VIEW', 4]]), hour(nine + 2 * hourMs, [['PURCHASE', 2]])] } }))
  const range = { from: new Date(nine), to: new Date(nine + 3 * hourMs) }

  expect(await canned.store.hourlyCounts({ activityId: 7 }, range)).toEqual([
    { hour: '2026-11-23T09:00:00.000Z', triggerType: 'CLICK', count: 1 },
    { hour: '2026-11-23T09:00:00.000Z', triggerType: 'PAGE_VIEW', count: 4 },
    { hour: '2026-11-23T11:00:00.000Z', triggerType: 'PURCHASE', count: 2 },
  ])

  const body = searchBody()
  expect(body.size).toBe(0)
  expect(body.query.bool.filter[1]).toEqual(counted)
  expect(body.query.bool.filter[2].range.occurredAt).toMatchObject({ gte: '2026-11-23T09:00:00.000Z', lt: '2026-11-23T12:00:00.000Z' })
  expect(body.aggs.hours.date_histogram).toEqual({ field: 'occurredAt', fixed_interval: '1h', time_zone: 'UTC', min_doc_count: 1 })
  expect(body.aggs.hours.aggs.byTrigger.terms.field).toBe('triggerType')
})

const visitorBuckets = (from: number, count: number) =>
  Array.from({ length: count }, (_, i) => ({ key: { visitor: `u:${from + i}` }, doc_count: 1 }))

const visitorPage = (from: number, count: number) =>
  searchAnswer({ visitors: { after_key: { visitor: `u:${from + count - 1}` }, buckets: visitorBuckets(from, count) } })

test('uniqueVisitors counts the buckets of a composite aggregation over visitor, page after page', async () => {
  canned.es.answer(searchRoute, visitorPage(0, 10_000))
  canned.es.answer(searchRoute, visitorPage(10_000, 42))

  expect(await canned.store.uniqueVisitors({ activityId: 7 })).toBe(10_042)

  const [first, second] = [searchBody(0), searchBody(1)]
  expect(first.size).toBe(0)
  expect(first.query).toEqual({ bool: { filter: [{ term: { activityId: '7' } }, counted] } })
  expect(first.aggs).toEqual({ visitors: { composite: { size: 10_000, sources: [{ visitor: { terms: { field: 'visitor' } } }] } } })
  expect(second.aggs.visitors.composite.after).toEqual({ visitor: 'u:9999' })
})

test('uniqueVisitors past 50,000 asks for a cardinality estimate at precision_threshold 40000, never below the count so far', async () => {
  const fivePages = () => {
    for (let page = 0; page < 5; page++) canned.es.answer(searchRoute, visitorPage(page * 10_000, 10_000))
  }
  fivePages()
  canned.es.answer(searchRoute, searchAnswer({ visitors: { value: 61_234 } }))
  expect(await canned.store.uniqueVisitors({ campaignId: 3 })).toBe(61_234)
  expect(searchBody(5).aggs).toEqual({ visitors: { cardinality: { field: 'visitor', precision_threshold: 40_000 } } })
  expect(searchBody(5).query).toEqual({ bool: { filter: [{ term: { campaignId: '3' } }, counted] } })

  fivePages()
  canned.es.answer(searchRoute, searchAnswer({ visitors: { value: 49_700 } }))
  expect(await canned.store.uniqueVisitors({ campaignId: 3 })).toBe(50_000)
})

test('recentEvents: newest first, optional trigger filter, limit as size, visitor left out of _source', async () => {
  const event = testEvent({ triggerType: 'CLICK', occurredAt: '2026-11-23T09:15:00.000Z' })
  const hit = { _index: 'behavior-events-2026.11', _id: event.eventId, _score: null, _source: event, sort: [Date.parse(event.occurredAt), event.eventId] }
  canned.es.answer(searchRoute, searchAnswer(undefined, [hit]))

  expect(await canned.store.recentEvents({ activityId: 7 }, { triggerType: 'CLICK', limit: 5 })).toEqual([event])

  const body = searchBody()
  expect(body.size).toBe(5)
  expect(body.query).toEqual({ bool: { filter: [{ term: { activityId: '7' } }, { term: { triggerType: 'CLICK' } }] } })
  expect(body.sort).toEqual([{ occurredAt: 'desc' }, { eventId: 'desc' }])
  expect(body._source).toEqual({ excludes: ['visitor'] })
})

test('before any event is stored (no index matches, no aggregations in the answer) every read is empty', async () => {
  for (let i = 0; i < 4; i++) canned.es.answer(searchRoute, searchAnswer())
  const range = { from: new Date(nine), to: new Date(nine + hourMs) }
  expect(await canned.store.countByTrigger({ activityId: 7 }, range)).toEqual({})
  expect(await canned.store.hourlyCounts({ activityId: 7 }, range)).toEqual([])
  expect(await canned.store.uniqueVisitors({ activityId: 7 })).toBe(0)
  expect(await canned.store.recentEvents({ activityId: 7 })).toEqual([])
  expect(searchBody(3).size).toBe(20)
})
