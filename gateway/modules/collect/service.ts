/**
 * Taking a batch of behaviour events from the tracker. The tracker has already normalised them,
 * so the server only checks each one against the schema: valid events are published to
 * `axon.event.raw` in one bus call and the invalid ones are reported back with reasons (they
 * are the sender's to fix, not to retry). Nothing here waits on a database.
 */
import type { Bus } from '../../../common/bus/port'
import { AppError, DependencyUnavailable } from '../../../common/errors'
import { behaviorEvent, type BehaviorEvent } from '../../../common/schemas/behavior-event'
import { compileSchema } from '../../../common/schemas/check'

const eventSchema = compileSchema(behaviorEvent)

export interface Rejection {
  index: number
  eventId?: string
  code: 'INVALID_EVENT'
  message: string
}

export interface CollectResult {
  accepted: number
  rejected: Rejection[]
}

export interface CollectDeps {
  bus: Bus
  topic: string
  maxEvents: number
}

/** Splits a parsed body into events to publish and events to report back. */
export function sortBatch(body: unknown, maxEvents: number): { valid: BehaviorEvent[]; rejected: Rejection[] } {
  const events = (body as { events?: unknown } | null)?.events
  if (!Array.isArray(events)) throw new AppError('INVALID_BATCH', 400, 'send a JSON object {"events": [ … ]}')
  if (events.length > maxEvents)
    throw new AppError('BATCH_TOO_LARGE', 413, `a batch holds at most ${maxEvents} events; this one has ${events.length}: split it`)
  const valid: BehaviorEvent[] = []
  const rejected: Rejection[] = []
  events.forEach((event, index) => {
    if (eventSchema.check(event)) return void valid.push(event)
    const eventId = typeof (event as { eventId?: unknown })?.eventId === 'string' ? (event as { eventId: string }).eventId : undefined
    rejected.push({ index, eventId, code: 'INVALID_EVENT', message: eventSchema.describe(event) })
  })
  return { valid, rejected }
}

/** Events of one visitor keep their order on a partitioned bus. */
function visitorKey(event: BehaviorEvent): string {
  return event.userId ? `u${event.userId}` : event.anonymousId ? `a${event.anonymousId}` : event.eventId
}

export async function collect(deps: CollectDeps, body: unknown): Promise<CollectResult> {
  const { valid, rejected } = sortBatch(body, deps.maxEvents)
  if (valid.length > 0) {
    try {
      await deps.bus.publish(deps.topic, valid.map((event) => ({ key: visitorKey(event), value: JSON.stringify(event) })))
    } catch (error) {
      throw new AppError('COLLECT_UNAVAILABLE', 503, 'events could not be buffered right now; send the same batch again', {
        cause: new DependencyUnavailable('bus', error).message,
      })
    }
  }
  return { accepted: valid.length, rejected }
}
