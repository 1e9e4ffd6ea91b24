/**
 * Where behaviour events live in Elasticsearch: one index per UTC month of `occurredAt`
 * (`behavior-events-2026.11`), all created from one index template.
 *
 * Why monthly, by occurredAt: an event's index follows from the event itself, so a redelivered
 * copy always lands in the index that already holds it and `create` answers 409 — the
 * idempotency the port asks for. (Data streams and rollover pick the index by arrival time, so a
 * copy arriving after a rollover would be stored twice.) Monthly rather than daily because a
 * campaign's behaviour volume is far below the tens of GB per shard Elasticsearch suggests, and
 * daily indices would mean thirty times the shards for the same data; range filters on
 * occurredAt let searches skip the months they do not touch, and retention drops whole months.
 */
import type { estypes } from '@elastic/elasticsearch'

export const defaultIndexPrefix = 'behavior-events'

/** Elasticsearch index names: lowercase, no wildcards, commas or path characters. */
const validPrefix = /^[a-z0-9][a-z0-9._-]*$/

export function checkIndexPrefix(prefix: string): string {
  if (!validPrefix.test(prefix)) throw new Error(`invalid Elasticsearch index prefix "${prefix}": use lowercase letters, digits, '.', '_', '-'`)
  return prefix
}

/** Every index of the store; no other prefix may start with `<prefix>-` on the same cluster. */
export const indexPattern = (prefix: string) => `${prefix}-*`

export function indexFor(prefix: string, occurredAt: string): string {
  const at = new Date(occurredAt)
  return `${prefix}-${at.getUTCFullYear()}.${String(at.getUTCMonth() + 1).padStart(2, '0')}`
}

const keyword = { type: 'keyword' } as const
/** A value of the wrong type (a shopper's `amount: "free"`) is left unindexed, not the event refused. */
const number = (type: 'double' | 'integer') => ({ type, ignore_malformed: true })

/**
 * Ids are keywords: they are only ever matched exactly, which Elasticsearch answers faster from a
 * keyword than from a numeric field. `visitor` is derived at write time (`u:<userId>` or
 * `a:<anonymousId>`, rollup-keys.ts) so unique visitors are one aggregation over one field.
 *
 * Nothing is mapped dynamically. Unknown top-level fields stay in _source unindexed, so a field
 * added to the event schema later is not refused by the month's index (whose mapping a new
 * template no longer changes). Free-form `properties` keys (`axon.track(name, props)`) are kept
 * in _source too but never become fields: each new key would be a mapping update through the
 * master, enough distinct keys exceed the 1,000-field limit and refuse every later event, and a
 * key with a lone surrogate (a tracker cutting "🛒" in half) makes a mapping Elasticsearch cannot
 * snapshot or restore (elastic/elasticsearch#84146). The platform's own properties (DESIGN §3)
 * are mapped with their types; the MySQL store does not index the others either.
 */
const mappings: estypes.MappingTypeMapping = {
  dynamic: false,
  properties: {
    eventId: keyword,
    triggerType: keyword,
    occurredAt: { type: 'date' },
    visitor: keyword,
    userId: keyword,
    anonymousId: keyword,
    sessionId: keyword,
    campaignId: keyword,
    activityId: keyword,
    pageUrl: { type: 'keyword', ignore_above: 2048 },
    referrer: { type: 'keyword', ignore_above: 2048 },
    userAgent: { type: 'keyword', ignore_above: 512 },
    properties: {
      type: 'object',
      dynamic: false,
      properties: { source: keyword, productId: keyword, orderId: keyword, amount: number('double'), scrollDepth: number('integer') },
    },
  },
}

/**
 * The composable index template (PUT /_index_template/<prefix>). It applies when a month's index
 * is created, so updating it changes future months only. The priority sits above Elasticsearch's
 * built-in templates (100) in case a user's prefix ever overlaps one of their patterns.
 */
export function indexTemplate(prefix: string): estypes.IndicesPutIndexTemplateRequest {
  return {
    name: prefix,
    index_patterns: [indexPattern(prefix)],
    priority: 200,
    template: { mappings },
    _meta: { description: 'Axon behaviour events, one index per UTC month of occurredAt' },
  }
}
