/**
 * A confirmed payment as kept in the orders hash (`activityKeys(id).orders`: token → this JSON),
 * so a retried confirm answers the same again. Written by confirm-10.lua (cjson); read by
 * confirm-10.lua and cancel-8.lua, which compare `userId` as text with the caller's, and by the
 * payments service. Ids and the amount are decimal text (see decimal.ts).
 */
import { Type, type StaticDecode } from '@sinclair/typebox'
import { compileSchema } from '../schemas/check'
import { instant } from '../schemas/formats'
import { amountAsText, idAsText } from './decimal'

export const confirmationRecord = Type.Object({
  userId: idAsText(),
  activityId: idAsText(),
  orderId: Type.String({ minLength: 1 }),
  amount: amountAsText(),
  confirmedAt: instant(),
})
export type ConfirmationRecord = StaticDecode<typeof confirmationRecord>

const schema = compileSchema(confirmationRecord)

/** Throws on a value confirm-10.lua did not write: a bug, not a shopper's mistake. */
export function decodeConfirmation(raw: string): ConfirmationRecord {
  const value: unknown = JSON.parse(raw)
  if (!schema.check(value)) throw new Error(`unreadable confirmation in the orders hash: ${schema.describe(value)}`)
  return schema.decode(value)
}

/** The JSON confirm-10.lua writes, for any TS code that fills the orders hash (tests; a restore from MySQL). */
export function encodeConfirmation(record: ConfirmationRecord): string {
  return JSON.stringify(schema.encode(record))
}
