/**
 * Reading one bus message as a behaviour event. The gateway validated what came through /collect,
 * but backend producers and messages older than the current schema did not pass through it, so
 * every message is checked again; what fails goes to the dead-letter topic with the reason.
 */
import { compileSchema } from '../../common/schemas/check'
import { behaviorEvent, type BehaviorEvent } from '../../common/schemas/behavior-event'

const events = compileSchema(behaviorEvent)

export type ReadEvent = { event: BehaviorEvent } | { reason: string; step: 'parse' | 'validate' }

export function readEvent(raw: string): ReadEvent {
  let value: unknown
  try {
    value = JSON.parse(raw)
  } catch {
    return { reason: 'the message is not JSON', step: 'parse' }
  }
  if (events.check(value)) return { event: value }
  return { reason: `not a behaviour event: ${events.describe(value)}`, step: 'validate' }
}
