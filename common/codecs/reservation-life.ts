/**
 * Reservation life events on `axon.campaign-activity.command`: a hold taken (reserve-9.lua), given
 * back by the shopper (cancel-8.lua) or lapsed (any script that releases a lapsed hold, through
 * includes/releaseHold.lua). The confirmation is the ENTRY_CONFIRMED command (entry-command.ts).
 * Core's command workers record them in MySQL's `reservations`. Ids and times (epoch ms) are
 * decimal text: cjson keeps 14 significant digits.
 */
import { Type, type StaticDecode } from '@sinclair/typebox'
import { compileSchema } from '../schemas/check'
import { idAsText } from './decimal'

/** Epoch milliseconds as decimal text; decodes to the Date. */
const epochMsAsText = () =>
  Type.Transform(Type.String({ pattern: '^[0-9]{1,15}$', description: 'epoch milliseconds as decimal text' }))
    .Decode((text) => new Date(Number(text)))
    .Encode((at) => String(at.getTime()))

const common = {
  token: Type.String({ minLength: 1, maxLength: 128, pattern: '^[\\x21-\\x7e]+$' }),
  activityId: idAsText(),
  userId: idAsText(),
  at: epochMsAsText(),
}

export const reservationLife = Type.Union([
  Type.Object({ type: Type.Literal('RESERVATION_HELD'), ...common, expiresAt: epochMsAsText() }),
  Type.Object({ type: Type.Union([Type.Literal('RESERVATION_CANCELLED'), Type.Literal('RESERVATION_EXPIRED')]), ...common }),
])
/** An event as core uses it: ids as numbers, times as Dates. */
export type ReservationLife = StaticDecode<typeof reservationLife>

const schema = compileSchema(reservationLife)
const lifeType = /"type"\s*:\s*"RESERVATION_/

/**
 * Reads a message of the command topic: undefined when it is not a reservation life event (an
 * entry command), else the event or the reason it cannot be read (to dead-letter it).
 */
export function decodeReservationLife(raw: string): { ok: true; event: ReservationLife } | { ok: false; reason: string } | undefined {
  if (!lifeType.test(raw)) return undefined
  let value: unknown
  try {
    value = JSON.parse(raw)
  } catch {
    return { ok: false, reason: 'reservation event is not JSON' }
  }
  if (schema.check(value)) return { ok: true, event: schema.decode(value) }
  return { ok: false, reason: `invalid reservation event: ${schema.describe(value, 1)}` }
}

/** The event's JSON as the scripts write it (for tests and tools that put events on the bus). */
export function encodeReservationLife(event: ReservationLife): string {
  return JSON.stringify(schema.encode(event))
}
