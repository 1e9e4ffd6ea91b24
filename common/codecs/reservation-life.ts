/**
 * Reservation life events on `axon.campaign-activity.command`: a hold given back by the shopper
 * (cancel-8.lua) or lapsed (any script that releases a lapsed hold, through
 * includes/releaseHold.lua), with the expiry it had; the time it was taken is in its token
 * (common/redis/keys.ts). The confirmation is the ENTRY_CONFIRMED command (entry-command.ts).
 * Core's command workers record them in MySQL's `reservations`. Ids and times (epoch ms) are
 * decimal text: cjson keeps 14 significant digits.
 *
 * RESERVATION_HELD (a hold taken) was appended by reserve-9.lua (as the script was then) until taking a hold stopped
 * writing anything but the hold; it is still read, for the events already on the bus then.
 */
import { Type, type StaticDecode } from '@sinclair/typebox'
import { compileSchema } from '../schemas/check'
import { epochMsAsText, idAsText } from './decimal'

const common = {
  token: Type.String({ minLength: 1, maxLength: 128, pattern: '^[\\x21-\\x7e]+$' }),
  activityId: idAsText(),
  userId: idAsText(),
  at: epochMsAsText(),
}

export const reservationLife = Type.Union([
  Type.Object({ type: Type.Literal('RESERVATION_HELD'), ...common, expiresAt: epochMsAsText() }),
  Type.Object({
    type: Type.Union([Type.Literal('RESERVATION_CANCELLED'), Type.Literal('RESERVATION_EXPIRED')]),
    ...common,
    /** absent in events written before the hold's expiry was added */
    expiresAt: Type.Optional(epochMsAsText()),
  }),
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
