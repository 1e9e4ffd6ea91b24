/**
 * The command confirm.lua writes to `axon.campaign-activity.command` and core workers apply.
 * confirm.lua builds the same JSON with cjson; the fields here must match it.
 */
import { Type, type Static } from '@sinclair/typebox'
import { compileSchema } from './check'
import { instant } from './formats'

export const entryConfirmed = Type.Object({
  commandId: Type.String({ minLength: 1, maxLength: 64 }),
  type: Type.Literal('ENTRY_CONFIRMED'),
  activityId: Type.Integer({ minimum: 1 }),
  userId: Type.Integer({ minimum: 1 }),
  reservationToken: Type.String({ minLength: 1, maxLength: 128 }),
  orderId: Type.String({ minLength: 1, maxLength: 64 }),
  productId: Type.Integer({ minimum: 1 }),
  amount: Type.Number({ minimum: 0 }),
  confirmedAt: instant(),
})
export type EntryConfirmed = Static<typeof entryConfirmed>

const commandSchema = compileSchema(entryConfirmed)

/** Parses a command from the bus; returns a reason instead of throwing so the caller can dead-letter it. */
export function parseCommand(raw: string): { ok: true; command: EntryConfirmed } | { ok: false; reason: string } {
  let value: unknown
  try {
    value = JSON.parse(raw)
  } catch {
    return { ok: false, reason: 'command is not JSON' }
  }
  if (commandSchema.check(value)) return { ok: true, command: value }
  return { ok: false, reason: `invalid command: ${commandSchema.describe(value, 1)}` }
}
