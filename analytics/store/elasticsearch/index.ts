/**
 * The Elasticsearch behaviour store (the scale-out adapter): events in monthly
 * `behavior-events-YYYY.MM` indices made from one index template (template.ts), written with
 * `_bulk` `create` actions keyed by eventId (bulk-write.ts), counted with aggregations
 * (queries.ts).
 *
 * Reads see every acknowledged write: the bulk request carries `refresh=wait_for`, so it answers
 * once Elasticsearch's next scheduled refresh (index.refresh_interval, 1 s by default) has made
 * the batch searchable. That is what the port promises the sink, for any reader, at no extra
 * refresh work; the price is up to a second of latency per batch, so the sink's throughput
 * comes from batch size, not from more, smaller writes. (`refresh=true` would buy immediacy with
 * a forced refresh, and a tiny segment, per batch; the docs advise against it under load.)
 *
 * Unique visitors are exact up to 50,000 per scope (composite aggregation pages), an estimate
 * beyond (see uniqueVisitors).
 */
import type { estypes } from '@elastic/elasticsearch'
import { classifyElasticsearchError, createElasticsearchClient, type Client } from '../../../common/clients/elasticsearch'
import type { Logger } from '../../../common/log'
import type { BehaviorEvent } from '../../../common/schemas/behavior-event'
import type { BehaviorStore, Scope, WriteResult } from '../port'
import { checkShiftDays } from '../rollup-keys'
import { cutIntoRequests, writeStorable } from '../storable'
import { bulkOperations, bulkOutcome, writeResult, type StoredEvent } from './bulk-write'
import * as people from './people'
import { shiftScript } from './people-queries'
import * as q from './queries'
import { checkIndexPrefix, defaultIndexPrefix, indexPattern, indexTemplate } from './template'

export interface ElasticsearchStoreOptions {
  url: string
  /** indices are `<prefix>-YYYY.MM`; two stores on one cluster need prefixes neither starts the other's with */
  indexPrefix?: string
  log: Logger
  /** retries inside the client before an error reaches the caller (see common/clients/elasticsearch.ts) */
  maxRetries?: number
}

/** Composite pages (of 10,000) uniqueVisitors counts exactly, 50,000 visitors, before it estimates. */
const exactVisitorPages = 5

/** Rethrows a failed call as DependencyUnavailable when Elasticsearch is down or overloaded. */
async function call<T>(request: () => Promise<T>): Promise<T> {
  try {
    return await request()
  } catch (error) {
    throw classifyElasticsearchError(error)
  }
}

/** Puts the index template (so new months get the mappings), then answers as a BehaviorStore. */
export async function createElasticsearchStore(options: ElasticsearchStoreOptions): Promise<BehaviorStore> {
  const prefix = checkIndexPrefix(options.indexPrefix ?? defaultIndexPrefix)
  const client = createElasticsearchClient({ url: options.url, maxRetries: options.maxRetries })
  const log = options.log.child({ store: 'elasticsearch', indexPrefix: prefix })
  try {
    await call(() => client.indices.putIndexTemplate(indexTemplate(prefix)))
  } catch (error) {
    await client.close()
    throw error
  }
  log.info('behaviour index template in place', { template: prefix, pattern: indexPattern(prefix) })
  return elasticsearchStore(client, prefix, log)
}

function elasticsearchStore(client: Client, prefix: string, log: Logger): BehaviorStore {
  const search = (body: q.SearchBody) => call(() => client.search<StoredEvent>({ index: indexPattern(prefix), ...body }))
  return {
    kind: 'elasticsearch',
    write: (events) => writeStorable(events, (storable) => writeEvents(client, prefix, storable)),
    countByTrigger: async (scope, range) => q.triggerCounts(await search(q.triggerCountsSearch(scope, range))),
    hourlyCounts: async (scope, range) => q.hourlyCounts(await search(q.hourlyCountsSearch(scope, range))),
    uniqueVisitors: (scope) => countVisitors(search, scope, log),
    peopleByTrigger: (scope, range) => people.peopleByTrigger(search, scope, range),
    personFirsts: (scope, triggers, range) => people.personFirsts(search, scope, triggers, range),
    activePeople: (scope, since) => people.activePeople(search, scope, since),
    shiftActivityEvents: (activityId, days) => shiftActivityEvents(client, prefix, activityId, days),
    recentEvents: async (scope, query) => q.recentEvents(await search(q.recentEventsSearch(scope, query))),
    close: () => client.close(),
  }
}

/**
 * Moves the events in place (update by query, refreshed before it answers): an event keeps the
 * monthly index of its original occurredAt, so a redelivered copy still meets it there and is
 * refused as a duplicate; reads filter on occurredAt, not on index names.
 */
async function shiftActivityEvents(client: Client, prefix: string, activityId: number, days: number): Promise<number> {
  checkShiftDays(days)
  const response = await call(() =>
    client.updateByQuery({ index: indexPattern(prefix), query: { term: { activityId: String(activityId) } }, script: shiftScript(days), refresh: true }),
  )
  return response.updated ?? 0
}

/**
 * Most bytes of one `_bulk` request: Elastic suggests 5–15 MB, and a request over
 * http.max_content_length (100 MB by default) is refused whole.
 */
const bulkLimits = { count: Infinity, bytes: 10 * 1024 * 1024 }

/** The batch in one bulk request, or in several when it is large; their per-item results counted together. */
async function writeEvents(client: Client, prefix: string, events: readonly BehaviorEvent[]): Promise<WriteResult> {
  const outcome: ReturnType<typeof bulkOutcome> = { written: 0, duplicates: 0, failures: [] }
  for (const part of cutIntoRequests(events, bulkLimits)) {
    const response = await call(() => client.bulk({ operations: bulkOperations(prefix, part), refresh: 'wait_for' }))
    const { written, duplicates, failures } = bulkOutcome(response, part.length)
    outcome.written += written
    outcome.duplicates += duplicates
    outcome.failures.push(...failures)
  }
  return writeResult(outcome)
}

/**
 * Exact while it is cheap: pages of a composite aggregation over `visitor`, counted, up to
 * exactVisitorPages pages. Past that, a cardinality estimate (HyperLogLog++, precision_threshold
 * 40,000, the maximum), never below what the pages already counted.
 */
async function countVisitors(search: (body: q.SearchBody) => Promise<estypes.SearchResponse<StoredEvent>>, scope: Scope, log: Logger) {
  let counted = 0
  let after: estypes.AggregationsCompositeAggregateKey | undefined
  for (let page = 0; page < exactVisitorPages; page++) {
    const { visitors, next } = q.visitorPage(await search(q.visitorPageSearch(scope, after)))
    counted += visitors
    if (!next) return counted
    after = next
  }
  const estimate = Math.max(counted, q.visitorEstimate(await search(q.visitorEstimateSearch(scope))))
  log.debug('unique visitors estimated (HyperLogLog++), not counted exactly', { scope, countedExactly: counted, estimate })
  return estimate
}
