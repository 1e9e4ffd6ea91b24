/**
 * The ENTRY_CONFIRMED command on `axon.campaign-activity.command`: written by the gateway's
 * confirm-10.lua (cjson), applied by core's command workers. Ids and the amount are decimal text
 * (see decimal.ts): cjson would round a 15–16 digit shopper id onto another shopper.
 */
import { Type, type StaticDecode } from '@sinclair/typebox'
import { compileSchema } from '../schemas/check'
import { instant } from '../schemas/formats'
import { amountAsText, epochMsAsText, idAsText } from './decimal'

export const entryCommand = Type.Object({
  commandId: Type.String({ minLength: 1, maxLength: 64 }),
  type: Type.Literal('ENTRY_CONFIRMED'),
  activityId: idAsText(),
  userId: idAsText(),
  reservationToken: Type.String({ minLength: 1, maxLength: 128 }),
  /** when the hold would have lapsed; absent in commands written before it was added */
  holdExpiresAt: Type.Optional(epochMsAsText()),
  orderId: Type.String({ minLength: 1, maxLength: 64 }),
  productId: idAsText(),
  amount: amountAsText(),
  confirmedAt: instant(),
})
/** The command as core uses it: ids and the amount as numbers, exact. */
export type EntryConfirmed = StaticDecode<typeof entryCommand>

const schema = compileSchema(entryCommand)

/** Reads a command from the bus; returns a reason instead of throwing so the caller can dead-letter it. */
export function decodeEntryCommand(raw: string): { ok: true; command: EntryConfirmed } | { ok: false; reason: string } {
  let value: unknown
  try {
    value = JSON.parse(raw)
  } catch {
    return { ok: false, reason: 'command is not JSON' }
  }
  if (schema.check(value)) return { ok: true, command: schema.decode(value) }
  return { ok: false, reason: `invalid command: ${schema.describe(value, 1)}` }
}

/** The command's JSON as confirm-10.lua writes it (for tests and tools that put commands on the bus). */
export function encodeEntryCommand(command: EntryConfirmed): string {
  return JSON.stringify(schema.encode(command))
}
