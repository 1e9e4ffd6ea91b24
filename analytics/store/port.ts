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

/** One person's first time at each step asked about, in the scope (and range). */
export interface PersonFirsts {
  /** `u:<userId>` when the person is known (directly or by an identity link), else `a:<anonymousId>` */
  person: string
  userId: number | null
  /** ISO-8601 instants in UTC with milliseconds; a step the person never took is absent */
  first: Partial<Record<TriggerType, string>>
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
  /** Events per trigger type in the scope (all time when no range is given); none of the reads count a tracker's PURCHASE (rollup-keys.ts isCounted). */
  countByTrigger(scope: Scope, range?: TimeRange): Promise<Partial<Record<TriggerType, number>>>
  /** Events per UTC hour and trigger type in the scope, oldest first; hours without events are absent. */
  hourlyCounts(scope: Scope, range: TimeRange): Promise<HourlyCount[]>
  /** Distinct visitors in the scope: a shopper's userId when known, otherwise their anonymousId (no identity links applied). */
  uniqueVisitors(scope: Scope): Promise<number>
  /**
   * Distinct people per trigger type in the scope (and range). A person is the userId when known,
   * directly or through an identity link (the earliest event carrying an anonymousId together with
   * a userId, by occurredAt then eventId; it applies also to events stored before it), else the
   * anonymousId. Events with neither count no one.
   */
  peopleByTrigger(scope: Scope, range?: TimeRange): Promise<Partial<Record<TriggerType, number>>>
  /** Each person with an event of one of `triggers` in the scope (and range), with their first time at each. */
  personFirsts(scope: Scope, triggers: readonly TriggerType[], range?: TimeRange): Promise<PersonFirsts[]>
  /** Distinct people with any counted event in the scope that occurred at or after `since`. */
  activePeople(scope: Scope, since: Date): Promise<number>
  /**
   * Dev only (time travel): moves the activity's events `days` days (× 24 h) into the past, their
   * rollups too; returns how many events moved. Not meant to run while the activity takes traffic.
   */
  shiftActivityEvents(activityId: number, days: number): Promise<number>
  /**
   * The scope's latest events, newest first by occurredAt, as stored: occurredAt in UTC with
   * milliseconds, optional fields that were absent or null left out.
   */
  recentEvents(scope: Scope, query?: RecentEventsQuery): Promise<BehaviorEvent[]>
  close(): Promise<void>
}
