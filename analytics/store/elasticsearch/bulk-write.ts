/**
 * Storing a batch: one `_bulk` request of `create` actions whose document id is the eventId.
 * `create` refuses an id its index already holds with a per-item 409
 * `version_conflict_engine_exception`, so a redelivered event or a tracker retry is counted as a
 * duplicate and stored once, even when two writers race. Any other per-item failure makes the
 * write throw: 429/5xx items as DependencyUnavailable (the bus retries the batch, and the events
 * this attempt did store come back as duplicates), everything else as EventsRejected, naming
 * each refused event and Elasticsearch's reason.
 */
import type { estypes } from '@elastic/elasticsearch'
import { isRetryableStatus } from '../../../common/clients/elasticsearch'
import { DependencyUnavailable } from '../../../common/errors'
import type { BehaviorEvent } from '../../../common/schemas/behavior-event'
import { EventsRefused, type WriteResult } from '../port'
import { visitorOf } from '../rollup-keys'
import { indexFor } from './template'

/** The event as stored: what the port hands back, plus `visitor` (rollup-keys.ts), the field unique visitors are counted on. */
export type StoredEvent = BehaviorEvent & { visitor?: string }

/** occurredAt in UTC with milliseconds and absent or null fields left out, as the port reads them back. */
export function storedDocument(event: BehaviorEvent): StoredEvent {
  const present = Object.entries(event).filter(([, value]) => value !== null && value !== undefined)
  const visitor = visitorOf(event)
  return {
    ...(Object.fromEntries(present) as BehaviorEvent),
    occurredAt: new Date(event.occurredAt).toISOString(),
    ...(visitor ? { visitor } : {}),
  }
}

export function bulkOperations(prefix: string, events: readonly BehaviorEvent[]): (estypes.BulkOperationContainer | StoredEvent)[] {
  return events.flatMap((event) => [{ create: { _index: indexFor(prefix, event.occurredAt), _id: event.eventId } }, storedDocument(event)])
}

export interface ItemFailure {
  eventId: string
  index: string
  status: number
  type: string
  reason: string
}

const isDuplicate = (item: estypes.BulkResponseItem) => item.status === 409 && item.error?.type === 'version_conflict_engine_exception'

/** Counts a bulk response's per-item results; items come back in the order of the actions sent. */
export function bulkOutcome(response: estypes.BulkResponse, sent: number): WriteResult & { failures: ItemFailure[] } {
  if (response.items.length !== sent) throw new Error(`bulk response has ${response.items.length} items for ${sent} actions`)
  const outcome = { written: 0, duplicates: 0, failures: [] as ItemFailure[] }
  for (const entry of response.items) {
    const item = entry.create
    if (!item) throw new Error(`bulk response item is not a create result: ${JSON.stringify(entry)}`)
    if (item.status === 201) outcome.written++
    else if (isDuplicate(item)) outcome.duplicates++
    else
      outcome.failures.push({
        eventId: item._id ?? '(no id)',
        index: item._index,
        status: item.status,
        type: item.error?.type ?? 'unknown',
        reason: item.error?.reason ?? '',
      })
  }
  return outcome
}

const shown = 3

function describeFailures(failures: readonly ItemFailure[]): string {
  const listed = failures.slice(0, shown).map((f) => `${f.eventId} → ${f.status} ${f.type}: ${f.reason}`)
  const more = failures.length > shown ? `; and ${failures.length - shown} more` : ''
  return listed.join('; ') + more
}

/**
 * Events Elasticsearch refused for a reason retrying will not fix. The template's mappings refuse
 * no event the schema accepts (template.ts); this is for an index whose mapping differs from it,
 * made by hand or by an older template.
 */
export class EventsRejected extends EventsRefused {
  override name = 'EventsRejected'
  constructor(
    readonly failures: readonly ItemFailure[],
    stored: WriteResult,
  ) {
    super(
      `Elasticsearch rejected ${failures.length} event(s) of the batch (${stored.written} stored, ${stored.duplicates} already stored): ${describeFailures(failures)}`,
      new Map(failures.map((f) => [f.eventId, `Elasticsearch refused it in ${f.index}: ${f.status} ${f.type}: ${f.reason}`])),
      stored,
    )
  }
}

/** The write's result when every event is stored once; otherwise the error that says what to do. */
export function writeResult({ failures, ...stored }: WriteResult & { failures: ItemFailure[] }): WriteResult {
  if (failures.length === 0) return stored
  if (failures.some((f) => isRetryableStatus(f.status)))
    throw new DependencyUnavailable('elasticsearch', new Error(`${failures.length} event(s) of the batch not stored: ${describeFailures(failures)}`))
  throw new EventsRejected(failures, stored)
}
