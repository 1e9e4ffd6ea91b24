/**
 * People as Elasticsearch searches: each visitor's first time per trigger type (composite pages of
 * visitor × triggerType with a `min` of occurredAt), the visitors active since an instant, and the
 * identity links of anonymous ids (per id, the userId of its earliest event carrying both, by a
 * `top_hits` of one). Events carry no person: links are joined when read (people.ts).
 */
import type { estypes } from '@elastic/elasticsearch'
import type { TriggerType } from '../../../common/schemas/behavior-event'
import type { Scope, TimeRange } from '../port'
import { aggregation, counted, countOnly, occurredIn, scopeFilter, where, type Response, type SearchBody } from './queries'

export const peoplePageSize = 10_000
type After = estypes.AggregationsCompositeAggregateKey

const visitorSource = { visitor: { terms: { field: 'visitor' } } }

export const visitorFirstsSearch = (scope: Scope, triggers: readonly TriggerType[], range: TimeRange | undefined, after?: After): SearchBody => ({
  ...countOnly,
  query: where(scopeFilter(scope), counted, { terms: { triggerType: [...triggers] } }, range && occurredIn(range)),
  aggs: {
    firsts: {
      composite: { size: peoplePageSize, sources: [visitorSource, { triggerType: { terms: { field: 'triggerType' } } }], ...(after && { after }) },
      aggs: { first: { min: { field: 'occurredAt' } } },
    },
  },
})

interface CompositePage<B> {
  after_key?: After
  buckets: B[]
}

type FirstBucket = { key: { visitor: string; triggerType: TriggerType }; doc_count: number; first: { value: number | null } }

/** The page read back, and where the next starts when this one was full. */
function page<B>(response: Response, name: string): { buckets: B[]; next?: After } {
  const composite = aggregation<CompositePage<B>>(response, name)
  const buckets = composite?.buckets ?? []
  return buckets.length === peoplePageSize && composite?.after_key ? { buckets, next: composite.after_key } : { buckets }
}

export function visitorFirsts(response: Response) {
  const { buckets, next } = page<FirstBucket>(response, 'firsts')
  const rows = buckets.map((b) => ({ visitor: b.key.visitor, triggerType: b.key.triggerType, firstAt: b.first.value! }))
  return { rows, next }
}

/** Exactly `since`, not rounded to the hour: the last few minutes. */
export const activeVisitorsSearch = (scope: Scope, since: Date, after?: After): SearchBody => ({
  ...countOnly,
  query: where(scopeFilter(scope), counted, { range: { occurredAt: { gte: since.toISOString(), format: 'strict_date_optional_time' } } }),
  aggs: { visitors: { composite: { size: peoplePageSize, sources: [visitorSource], ...(after && { after }) } } },
})

export function activeVisitors(response: Response) {
  const { buckets, next } = page<{ key: { visitor: string } }>(response, 'visitors')
  return { visitors: buckets.map((b) => b.key.visitor), next }
}

/** Every event counts for a link, in any scope or none, as in the MySQL store. */
export const linksSearch = (anonymousIds: readonly string[]): SearchBody => ({
  ...countOnly,
  query: where({ terms: { anonymousId: [...anonymousIds] } }, { exists: { field: 'userId' } }),
  aggs: {
    links: {
      terms: { field: 'anonymousId', size: anonymousIds.length },
      aggs: { earliest: { top_hits: { size: 1, sort: [{ occurredAt: 'asc' }, { eventId: 'asc' }], _source: ['userId'] } } },
    },
  },
})

type LinkBucket = { key: string; earliest: { hits: { hits: { _source?: { userId?: number | string } }[] } } }

/** anonymousId → the userId it is linked to. */
export function links(response: Response): Map<string, number> {
  const buckets = aggregation<{ buckets: LinkBucket[] }>(response, 'links')?.buckets ?? []
  return new Map(
    buckets.flatMap((b) => {
      const userId = b.earliest.hits.hits[0]?._source?.userId
      return userId === undefined ? [] : [[b.key, Number(userId)] as const]
    }),
  )
}

/** Dev-only time travel: occurredAt moved in place, kept in UTC with milliseconds as stored. */
export const shiftScript = (days: number): estypes.Script => ({
  lang: 'painless',
  source:
    "ZonedDateTime t = ZonedDateTime.parse(ctx._source.occurredAt).withZoneSameInstant(ZoneOffset.UTC).minusDays(params.days);" +
    " ctx._source.occurredAt = t.format(DateTimeFormatter.ofPattern(\"yyyy-MM-dd'T'HH:mm:ss.SSS'Z'\"));",
  params: { days },
})
