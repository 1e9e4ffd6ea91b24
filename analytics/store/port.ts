/**
 * The behaviour store port: where every shopper action ends up, counted once. Two real adapters
 * implement it — MySQL (raw events + rollups, the embedded default) and Elasticsearch
 * (`behavior-events-*` indices) — and one contract test suite runs against each.
 *
 * Counting reads never scan raw events: MySQL answers from rollup tables, Elasticsearch from
 * aggregations. Times are bucketed by UTC hour.
 */
import type { BehaviorEvent, TriggerType } from '../../common/schemas/behavior-event'

/** Which events a question is about: one activity, or every activity of one campaign. */
export type Scope = { activityId: number } | { campaignId: number }

/** [from, to): `from` is rounded down and `to` up to whole UTC hours. */
export interface TimeRange {
  from: Date
  to: Date
}

export interface WriteResult {
  /** events stored for the first time */
  written: number
  /** events whose eventId was already stored (a redelivery or a tracker retry) */
  duplicates: number
}

/**
 * What `write` throws when the store refused some events of a batch for good — retrying would be
 * refused again — while it stored every other one. The sink dead-letters the refused events with
 * the store's reason and acknowledges the rest; any other error means "nothing certain, retry".
 */
export class EventsRefused extends Error {
  override name = 'EventsRefused'
  constructor(
    message: string,
    /** the store's reason for each refused eventId */
    readonly refused: ReadonlyMap<string, string>,
    /** what the write did store of the rest of the batch */
    readonly stored: WriteResult,
  ) {
    super(message)
  }
}

export interface HourlyCount {
  /** start of the UTC hour, ISO-8601 */
  hour: string
  triggerType: TriggerType
  count: number
}

export interface RecentEventsQuery {
  triggerType?: TriggerType
  /** most events returned (default 20) */
  limit?: number
}

export interface BehaviorStore {
  readonly kind: 'mysql' | 'elasticsearch'
  /**
   * Stores a batch, idempotent on eventId: storing the same event twice counts it once, whether the
   * copies share a batch, come in later batches, or come from writers running at the same time.
   * Once it resolves, the reads below see the batch (the sink acknowledges only then). Throws
   * EventsRefused when it stored all but some events it will never take: always those whose
   * occurredAt lies outside years 1000–9999 UTC (storable.ts), and any the adapter's server
   * refuses for good. Any other throw means the store is unavailable: nothing is certain, retry.
   */
  write(events: readonly BehaviorEvent[]): Promise<WriteResult>
  /** Events per trigger type in the scope (all time when no range is given). */
  countByTrigger(scope: Scope, range?: TimeRange): Promise<Partial<Record<TriggerType, number>>>
  /** Events per UTC hour and trigger type in the scope, oldest first; hours without events are absent. */
  hourlyCounts(scope: Scope, range: TimeRange): Promise<HourlyCount[]>
  /** Distinct visitors in the scope: a shopper's userId when known, otherwise their anonymousId. */
  uniqueVisitors(scope: Scope): Promise<number>
  /**
   * The scope's latest events, newest first by occurredAt, as stored: occurredAt in UTC with
   * milliseconds, optional fields that were absent or null left out.
   */
  recentEvents(scope: Scope, query?: RecentEventsQuery): Promise<BehaviorEvent[]>
  /** Distinct people per trigger type in the scope (a person: a shopper, with the anonymous ids linked to them). */
  peopleByTrigger(scope: Scope, range?: TimeRange): Promise<Partial<Record<TriggerType, number>>>
  /** Each person of the scope with the first time they did each of `triggers` (ISO-8601). */
  personFirsts(
    scope: Scope,
    triggers: readonly TriggerType[],
    range?: TimeRange,
  ): Promise<Array<{ person: string; userId: number | null; first: Partial<Record<TriggerType, string>> }>>
  /** Distinct people with any event in the scope since `since`. */
  activePeople(scope: Scope, since: Date): Promise<number>
  close(): Promise<void>
}
