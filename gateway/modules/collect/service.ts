/**
 * Taking a batch of behaviour events from the tracker. The tracker has already normalised them,
 * so the server only checks each one: against the schema, against what only the backend may send
 * (its event ids and `properties.source`), and its `occurredAt` against a window around receipt.
 * Valid events are published to `axon.event.raw` in one bus call and the others are reported back
 * with reasons (they are the sender's to fix, not to retry). Nothing here waits on a database.
 */
import type { Bus } from '../../../common/bus/port'
import { AppError, DependencyUnavailable } from '../../../common/errors'
import { backendEventIdPrefix, behaviorEvent, type BehaviorEvent } from '../../../common/schemas/behavior-event'
import { compileSchema } from '../../../common/schemas/check'

const eventSchema = compileSchema(behaviorEvent)

export interface Rejection {
  index: number
  eventId?: string
  code: 'INVALID_EVENT' | 'RESERVED_FOR_BACKEND' | 'OCCURRED_AT_OUT_OF_WINDOW'
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
  /** oldest occurredAt taken, before receipt: the tracker keeps unsent events across page loads */
  maxAgeMs: number
  /** latest occurredAt taken, after receipt: how far a client's clock may run ahead */
  maxAheadMs: number
  now: () => number
}

type Window = Pick<CollectDeps, 'maxAgeMs' | 'maxAheadMs'> & { receivedAt: number }

/** Why a valid event is still not taken from a browser, or undefined when it is. */
function refusal(event: BehaviorEvent, window: Window): Omit<Rejection, 'index' | 'eventId'> | undefined {
  if (event.eventId.startsWith(backendEventIdPrefix))
    return { code: 'RESERVED_FOR_BACKEND', message: `eventId must not start with "${backendEventIdPrefix}": those are the backend's events` }
  const source = event.properties?.source
  if (source !== undefined && source !== 'tracker')
    return { code: 'RESERVED_FOR_BACKEND', message: `properties.source must be "tracker" (or absent) in events sent to /collect, not ${JSON.stringify(source)}` }
  const at = Date.parse(event.occurredAt)
  if (at < window.receivedAt - window.maxAgeMs)
    return { code: 'OCCURRED_AT_OUT_OF_WINDOW', message: `occurredAt is more than ${window.maxAgeMs / 3_600_000} hours before the event was received` }
  if (at > window.receivedAt + window.maxAheadMs)
    return { code: 'OCCURRED_AT_OUT_OF_WINDOW', message: `occurredAt is more than ${window.maxAheadMs / 1000} seconds after the event was received: check the client's clock` }
  return undefined
}

/** Splits a parsed body into events to publish and events to report back. */
export function sortBatch(body: unknown, limits: Pick<CollectDeps, 'maxEvents'> & Window): { valid: BehaviorEvent[]; rejected: Rejection[] } {
  const events = (body as { events?: unknown } | null)?.events
  if (!Array.isArray(events)) throw new AppError('INVALID_BATCH', 400, 'send a JSON object {"events": [ … ]}')
  if (events.length > limits.maxEvents)
    throw new AppError('BATCH_TOO_LARGE', 413, `a batch holds at most ${limits.maxEvents} events; this one has ${events.length}: split it`)
  const valid: BehaviorEvent[] = []
  const rejected: Rejection[] = []
  events.forEach((event, index) => {
    const eventId = typeof (event as { eventId?: unknown })?.eventId === 'string' ? (event as { eventId: string }).eventId : undefined
    if (!eventSchema.check(event)) return void rejected.push({ index, eventId, code: 'INVALID_EVENT', message: eventSchema.describe(event) })
    const refused = refusal(event, limits)
    if (refused) return void rejected.push({ index, eventId, ...refused })
    valid.push(event)
  })
  return { valid, rejected }
}

/** Events of one visitor keep their order on a partitioned bus. */
function visitorKey(event: BehaviorEvent): string {
  return event.userId ? `u${event.userId}` : event.anonymousId ? `a${event.anonymousId}` : event.eventId
}

export async function collect(deps: CollectDeps, body: unknown): Promise<CollectResult> {
  const { valid, rejected } = sortBatch(body, { ...deps, receivedAt: deps.now() })
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
