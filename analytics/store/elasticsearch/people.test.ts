/**
 * The Elasticsearch adapter's people reads and time travel, against the canned stand-in (see
 * queries.test.ts for why): the composite pages and link searches we send, and how visitors,
 * links and first times are read back and merged into people. The numbers are canned; whether
 * Elasticsearch computes them as expected is the contract suite's job with ELASTICSEARCH_URL set.
 */
import { expect, test } from 'bun:test'
import { json, searchAnswer, cannedStoreEachTest } from '../../../test/support/canned-elasticsearch'

const searchRoute = 'POST /behavior-events-*/_search'
const canned = cannedStoreEachTest()

const searches = () => canned.es.requests.filter((r) => r.path.endsWith('/_search')).map(json)
const counted = {
  bool: { must_not: [{ bool: { filter: [{ term: { triggerType: 'PURCHASE' } }], must_not: [{ term: { 'properties.source': 'backend' } }] } }] },
}
const ms = (iso: string) => Date.parse(iso)

type FirstRow = [visitor: string, triggerType: string, first: string]
const firstBucket = ([visitor, triggerType, first]: FirstRow) => ({
  key: { visitor, triggerType },
  doc_count: 3,
  first: { value: ms(first), value_as_string: first },
})

/** A composite page of visitor × triggerType buckets with the `min` of occurredAt, as Elasticsearch answers it. */
const firstsPage = (rows: FirstRow[]) =>
  searchAnswer({ firsts: { after_key: { visitor: rows.at(-1)![0], triggerType: rows.at(-1)![1] }, buckets: rows.map(firstBucket) } })

/** A full page (10,000 buckets, the rows repeated), which says another page may follow. */
const fullPage = (rows: FirstRow[]) =>
  searchAnswer({ firsts: { after_key: { visitor: 'a:zz', triggerType: 'CLICK' }, buckets: Array.from({ length: 10_000 }, (_, i) => firstBucket(rows[i % rows.length]!)) } })

/** A terms aggregation over anonymousId, each with the top hit of its earliest event carrying a userId. */
const linksAnswer = (links: [anonymousId: string, userId: number][]) =>
  searchAnswer({
    links: {
      doc_count_error_upper_bound: 0,
      sum_other_doc_count: 0,
      buckets: links.map(([key, userId]) => ({
        key,
        doc_count: 2,
        earliest: {
          hits: {
            total: { value: 2, relation: 'eq' },
            max_score: null,
            hits: [{ _index: 'behavior-events-2026.11', _id: `ev-${key}`, _score: null, _source: { userId }, sort: [ms('2026-11-23T10:00:00Z'), `ev-${key}`] }],
          },
        },
      })),
    },
  })

test('personFirsts: one composite page of visitor × triggerType with min occurredAt, the anonymous visitors linked by their earliest event, merged per person', async () => {
  canned.es.answer(searchRoute, firstsPage([
    ['a:laptop', 'CLICK', '2026-11-23T09:05:00.000Z'],
    ['a:laptop', 'PAGE_VIEW', '2026-11-23T09:00:00.000Z'],
    ['a:stranger', 'PAGE_VIEW', '2026-11-23T09:40:00.000Z'],
    ['u:77', 'PAGE_VIEW', '2026-11-23T10:10:00.000Z'],
    ['u:77', 'PURCHASE', '2026-11-23T10:30:00.000Z'],
  ]))
  canned.es.answer(searchRoute, linksAnswer([['laptop', 77]]))
  const range = { from: new Date('2026-11-23T09:15:00Z'), to: new Date('2026-11-23T11:00:00Z') }

  expect(await canned.store.personFirsts({ activityId: 7 }, ['PAGE_VIEW', 'CLICK', 'PURCHASE'], range)).toEqual([
    { person: 'a:stranger', userId: null, first: { PAGE_VIEW: '2026-11-23T09:40:00.000Z' } },
    { person: 'u:77', userId: 77, first: { CLICK: '2026-11-23T09:05:00.000Z', PAGE_VIEW: '2026-11-23T09:00:00.000Z', PURCHASE: '2026-11-23T10:30:00.000Z' } },
  ])

  const [firsts, links] = searches()
  expect(firsts.size).toBe(0)
  expect(firsts.query).toEqual({
    bool: {
      filter: [
        { term: { activityId: '7' } },
        counted,
        { terms: { triggerType: ['PAGE_VIEW', 'CLICK', 'PURCHASE'] } },
        { range: { occurredAt: { gte: '2026-11-23T09:00:00.000Z', lt: '2026-11-23T11:00:00.000Z', format: 'strict_date_optional_time' } } },
      ],
    },
  })
  expect(firsts.aggs).toEqual({
    firsts: {
      composite: { size: 10_000, sources: [{ visitor: { terms: { field: 'visitor' } } }, { triggerType: { terms: { field: 'triggerType' } } }] },
      aggs: { first: { min: { field: 'occurredAt' } } },
    },
  })
  // any event links, in any scope: no scope or counted filter
  expect(links.query).toEqual({ bool: { filter: [{ terms: { anonymousId: ['laptop', 'stranger'] } }, { exists: { field: 'userId' } }] } })
  expect(links.aggs).toEqual({
    links: {
      terms: { field: 'anonymousId', size: 2 },
      aggs: { earliest: { top_hits: { size: 1, sort: [{ occurredAt: 'asc' }, { eventId: 'asc' }], _source: ['userId'] } } },
    },
  })
})

test('peopleByTrigger asks for every trigger type, pages on after_key, and counts each person once per step', async () => {
  canned.es.answer(searchRoute, fullPage([['u:1', 'PAGE_VIEW', '2026-11-23T09:00:00.000Z'], ['a:b', 'PAGE_VIEW', '2026-11-23T09:01:00.000Z']]))
  canned.es.answer(searchRoute, firstsPage([['u:2', 'CLICK', '2026-11-23T09:02:00.000Z'], ['a:c', 'CLICK', '2026-11-23T09:03:00.000Z']]))
  canned.es.answer(searchRoute, linksAnswer([['b', 2]]))

  expect(await canned.store.peopleByTrigger({ campaignId: 3 })).toEqual({ PAGE_VIEW: 2, CLICK: 2 })

  const [first, second, links] = searches()
  expect(first.query).toEqual({
    bool: { filter: [{ term: { campaignId: '3' } }, counted, { terms: { triggerType: ['PAGE_VIEW', 'CLICK', 'SCROLL', 'PURCHASE', 'CUSTOM', 'IDENTIFY'] } }] },
  })
  expect(second.aggs.firsts.composite.after).toEqual({ visitor: 'a:zz', triggerType: 'CLICK' })
  expect(links.query.bool.filter[0]).toEqual({ terms: { anonymousId: ['b', 'c'] } })
})

test('activePeople: visitors since the exact instant, linked ones as their user, counted once', async () => {
  const visitors = (keys: string[]) => searchAnswer({ visitors: { after_key: { visitor: keys.at(-1) }, buckets: keys.map((visitor) => ({ key: { visitor }, doc_count: 1 })) } })
  canned.es.answer(searchRoute, visitors(['a:laptop', 'a:phone', 'a:stranger', 'u:77']))
  canned.es.answer(searchRoute, linksAnswer([['laptop', 77], ['phone', 77]]))

  expect(await canned.store.activePeople({ activityId: 7 }, new Date('2026-11-23T10:25:30.250Z'))).toBe(2)

  const [active] = searches()
  expect(active.query).toEqual({
    bool: { filter: [{ term: { activityId: '7' } }, counted, { range: { occurredAt: { gte: '2026-11-23T10:25:30.250Z', format: 'strict_date_optional_time' } } }] },
  })
  expect(active.aggs).toEqual({ visitors: { composite: { size: 10_000, sources: [{ visitor: { terms: { field: 'visitor' } } }] } } })
})

test('no events (no index matches): nobody, and no link search; no steps asked: no search at all', async () => {
  canned.es.answer(searchRoute, searchAnswer())
  canned.es.answer(searchRoute, searchAnswer())
  expect(await canned.store.peopleByTrigger({ activityId: 7 })).toEqual({})
  expect(await canned.store.activePeople({ activityId: 7 }, new Date())).toBe(0)
  expect(await canned.store.personFirsts({ activityId: 7 }, [])).toEqual([])
  expect(searches()).toHaveLength(2)
})

test('shiftActivityEvents: an update by query on the activity with a painless script moving occurredAt, refreshed; answers how many moved', async () => {
  canned.es.answer('POST /behavior-events-*/_update_by_query', {
    took: 147, timed_out: false, total: 3, updated: 3, deleted: 0, batches: 1, version_conflicts: 0, noops: 0,
    retries: { bulk: 0, search: 0 }, throttled_millis: 0, requests_per_second: -1.0, throttled_until_millis: 0, failures: [],
  })
  expect(await canned.store.shiftActivityEvents(7, 30)).toBe(3)

  const [request] = canned.es.requests.filter((r) => r.path.endsWith('/_update_by_query'))
  expect(request!.query.get('refresh')).toBe('true')
  const body = json(request)
  expect(body.query).toEqual({ term: { activityId: '7' } })
  expect(body.script.lang).toBe('painless')
  expect(body.script.params).toEqual({ days: 30 })
  expect(body.script.source).toContain('minusDays(params.days)')
  expect(body.script.source).toContain("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")

  await expect(canned.store.shiftActivityEvents(7, 0)).rejects.toThrow(RangeError)
  expect(canned.es.requests.filter((r) => r.path.endsWith('/_update_by_query'))).toHaveLength(1)
})
