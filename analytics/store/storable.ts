/**
 * What every behaviour store refuses before writing, so both adapters answer the same event the
 * same way: an instant outside years 1000–9999 UTC, the range of a SQL DATETIME. The schema's
 * `instant` takes any four-digit year with any offset (`9999-12-31T23:59:59-01:00` is year 10000
 * in UTC), and such an event may come from a producer that never passed /collect. MariaDB would
 * store it as 0000-00-00 or fail its whole batch; Elasticsearch would file it under an index of
 * year 10000. Refused here, it goes to the dead-letter topic with this reason.
 */
import type { BehaviorEvent } from '../../common/schemas/behavior-event'
import { EventsRefused, type WriteResult } from './port'

const earliest = Date.parse('1000-01-01T00:00:00.000Z')
const latest = Date.parse('9999-12-31T23:59:59.999Z')

/** Why no store takes the event, or undefined when it is storable. */
export function unstorable(event: BehaviorEvent): string | undefined {
  const at = Date.parse(event.occurredAt)
  // NaN (not an instant at all) fails both comparisons too
  if (at >= earliest && at <= latest) return undefined
  return `occurredAt ${event.occurredAt} is outside years 1000–9999 UTC, which no behaviour store holds`
}

/**
 * Writes the storable events with `write` and throws EventsRefused naming the others (and any the
 * adapter's own write refused); resolves the write's result when every event was storable.
 */
export async function writeStorable(
  events: readonly BehaviorEvent[],
  write: (storable: readonly BehaviorEvent[]) => Promise<WriteResult>,
): Promise<WriteResult> {
  const refused = new Map<string, string>()
  for (const event of events) {
    const reason = unstorable(event)
    if (reason !== undefined) refused.set(event.eventId, reason)
  }
  if (refused.size === 0) return write(events)
  const storable = events.filter((e) => !refused.has(e.eventId))
  let stored: WriteResult
  try {
    stored = await write(storable)
  } catch (error) {
    if (!(error instanceof EventsRefused)) throw error
    throw new EventsRefused(`${error.message}; and ${refused.size} event(s) no store holds`, new Map([...refused, ...error.refused]), error.stored)
  }
  throw new EventsRefused(`${refused.size} event(s) of the batch refused: ${[...refused.values()][0]}`, refused, stored)
}

/**
 * At most how many bytes an event takes in a write request, as JSON or as SQL: a UTF-16 unit of
 * its text is at most 7 bytes (a control character in a property is `\u0001` in JSON, escaped once
 * more for SQL; other characters are 3 bytes of UTF-8 at most), and numbers, dates, names and
 * separators stay under 512.
 */
export function writtenBytesAtMost(event: BehaviorEvent): number {
  let units = 0
  for (const text of [event.eventId, event.anonymousId, event.sessionId, event.pageUrl, event.referrer, event.userAgent]) units += text?.length ?? 0
  const properties = Object.entries(event.properties ?? {})
  for (const [key, value] of properties) units += key.length + (typeof value === 'string' ? value.length : 0)
  return 7 * units + 32 * properties.length + 512
}

/**
 * A batch cut into requests of at most `count` events and `bytes` bytes (by writtenBytesAtMost),
 * so none exceeds what the server takes in one request (MySQL's max_allowed_packet,
 * Elasticsearch's http.max_content_length), which a batch of the largest events /collect takes
 * would: the server's refusal names no event, and the batch would be retried forever.
 */
export function cutIntoRequests<T extends BehaviorEvent>(events: readonly T[], limits: { count: number; bytes: number }): T[][] {
  const requests: T[][] = []
  let request: T[] = []
  let bytes = 0
  for (const event of events) {
    const size = writtenBytesAtMost(event)
    if (request.length === limits.count || (request.length > 0 && bytes + size > limits.bytes)) {
      requests.push(request)
      request = []
      bytes = 0
    }
    request.push(event)
    bytes += size
  }
  if (request.length) requests.push(request)
  return requests
}
