/**
 * The store's questions as Elasticsearch search bodies, and their answers read back into the
 * port's shapes. Every count is an aggregation over `size: 0` searches (no hits, no total); the
 * scope and hour range are `filter` clauses, which skip scoring and are cached per segment.
 *
 * An answer may come without `aggregations` at all: a search over `behavior-events-*` before the
 * first event was stored matches no index and reports zero shards. That reads as nothing counted.
 */
import type { estypes } from '@elastic/elasticsearch'
import { triggerTypes, type BehaviorEvent, type TriggerType } from '../../../common/schemas/behavior-event'
import type { HourlyCount, RecentEventsQuery, Scope, TimeRange } from '../port'
import { wholeHours } from '../rollup-keys'
import type { StoredEvent } from './bulk-write'

export type SearchBody = Omit<estypes.SearchRequest, 'index'>
type Query = estypes.QueryDslQueryContainer
export type Response = estypes.SearchResponse<StoredEvent>

interface Bucket<Key> {
  key: Key
  doc_count: number
}
interface Buckets<B> {
  buckets: B[]
}

/** Ids are keyword fields (template.ts), so they are matched as strings. */
export function scopeFilter(scope: Scope): Query {
  return 'activityId' in scope ? { term: { activityId: String(scope.activityId) } } : { term: { campaignId: String(scope.campaignId) } }
}

export function occurredIn(range: TimeRange): Query {
  const { from, to } = wholeHours(range)
  return { range: { occurredAt: { gte: from.toISOString(), lt: to.toISOString(), format: 'strict_date_optional_time' } } }
}

export const where = (...clauses: (Query | undefined)[]): Query => ({ bool: { filter: clauses.filter((c) => c !== undefined) } })

/** isCounted (rollup-keys.ts): every event but a PURCHASE whose source is not the backend. */
export const counted: Query = {
  bool: { must_not: [{ bool: { filter: [{ term: { triggerType: 'PURCHASE' } }], must_not: [{ term: { 'properties.source': 'backend' } }] } }] },
}

export const countOnly = { size: 0, track_total_hits: false } as const

/** Every trigger type fits in one page of terms, so every doc_count is exact. */
const byTrigger: estypes.AggregationsAggregationContainer = {
  terms: { field: 'triggerType', size: triggerTypes.length, order: { _key: 'asc' } },
}

export const aggregation = <T>(response: Response, name: string) => response.aggregations?.[name] as T | undefined

export const triggerCountsSearch = (scope: Scope, range?: TimeRange): SearchBody => ({
  ...countOnly,
  query: where(scopeFilter(scope), counted, range && occurredIn(range)),
  aggs: { byTrigger },
})

export function triggerCounts(response: Response): Partial<Record<TriggerType, number>> {
  const terms = aggregation<Buckets<Bucket<TriggerType>>>(response, 'byTrigger')
  return Object.fromEntries((terms?.buckets ?? []).map((b) => [b.key, b.doc_count]))
}

/** In UTC an hour is always 3,600 s, so a fixed interval is the calendar hour; min_doc_count 1 leaves empty hours out. */
export const hourlyCountsSearch = (scope: Scope, range: TimeRange): SearchBody => ({
  ...countOnly,
  query: where(scopeFilter(scope), counted, occurredIn(range)),
  aggs: {
    hours: {
      date_histogram: { field: 'occurredAt', fixed_interval: '1h', time_zone: 'UTC', min_doc_count: 1 },
      aggs: { byTrigger },
    },
  },
})

type HourBucket = Bucket<number> & { byTrigger: Buckets<Bucket<TriggerType>> }

/** Histogram buckets come oldest first; within an hour, trigger types in name order. */
export function hourlyCounts(response: Response): HourlyCount[] {
  const hours = aggregation<Buckets<HourBucket>>(response, 'hours')
  return (hours?.buckets ?? []).flatMap((hour) =>
    hour.byTrigger.buckets.map((t) => ({ hour: new Date(hour.key).toISOString(), triggerType: t.key, count: t.doc_count })),
  )
}

export const visitorPageSize = 10_000

/** One page of distinct visitors, in key order; `after` is the previous page's after_key. */
export const visitorPageSearch = (scope: Scope, after?: estypes.AggregationsCompositeAggregateKey): SearchBody => ({
  ...countOnly,
  query: where(scopeFilter(scope), counted),
  aggs: { visitors: { composite: { size: visitorPageSize, sources: [{ visitor: { terms: { field: 'visitor' } } }], ...(after && { after }) } } },
})

/** How many visitors the page holds, and where the next one starts when this one was full. */
export function visitorPage(response: Response): { visitors: number; next?: estypes.AggregationsCompositeAggregateKey } {
  const page = aggregation<estypes.AggregationsCompositeAggregate & { buckets: unknown[] }>(response, 'visitors')
  const visitors = page?.buckets.length ?? 0
  return visitors === visitorPageSize && page?.after_key ? { visitors, next: page.after_key } : { visitors }
}

/** HyperLogLog++ at its highest precision: close to exact below 40,000 distinct values, an estimate above. */
export const visitorEstimateSearch = (scope: Scope): SearchBody => ({
  ...countOnly,
  query: where(scopeFilter(scope), counted),
  aggs: { visitors: { cardinality: { field: 'visitor', precision_threshold: 40_000 } } },
})

export const visitorEstimate = (response: Response) => aggregation<{ value: number }>(response, 'visitors')?.value ?? 0

/**
 * Newest first; events of the same millisecond by eventId, descending, since Elasticsearch keeps
 * no insertion order across shards and months.
 */
export const recentEventsSearch = (scope: Scope, { triggerType, limit = 20 }: RecentEventsQuery = {}): SearchBody => ({
  size: limit,
  track_total_hits: false,
  query: where(scopeFilter(scope), triggerType && { term: { triggerType } }),
  sort: [{ occurredAt: 'desc' }, { eventId: 'desc' }],
  _source: { excludes: ['visitor'] },
})

export const recentEvents = (response: Response): BehaviorEvent[] => response.hits.hits.flatMap((hit) => (hit._source ? [hit._source] : []))
