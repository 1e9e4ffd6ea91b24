/**
 * Reading one bus message as a behaviour event. The gateway validated what came through /collect,
 * but backend producers and messages older than the current schema did not pass through it, so
 * every message is checked again; what fails goes to the dead-letter topic with the reason.
 */
import { TypeCompiler } from '@sinclair/typebox/compiler'
import { fieldErrors } from '../../common/http/errors'
import { behaviorEvent, type BehaviorEvent } from '../../common/schemas/behavior-event'

const eventCheck = TypeCompiler.Compile(behaviorEvent)

export type ReadEvent = { event: BehaviorEvent } | { reason: string; step: 'parse' | 'validate' }

export function readEvent(raw: string): ReadEvent {
  let value: unknown
  try {
    value = JSON.parse(raw)
  } catch {
    return { reason: 'the message is not JSON', step: 'parse' }
  }
  if (eventCheck.Check(value)) return { event: value }
  const problems = fieldErrors(undefined, [...eventCheck.Errors(value)].slice(0, 5))
  return { reason: `not a behaviour event: ${problems.map((p) => `${p.field} ${p.message}`).join('; ')}`, step: 'validate' }
}
