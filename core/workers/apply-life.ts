/**
 * Records one reservation life event (common/codecs/reservation-life.ts) in `reservations`: an end
 * with the hold's expiry (recordEnded takes the time it was taken from the token), or a taken
 * event written before holds stopped appending one. The upserts make a redelivered or late event
 * harmless (see repositories/reservations.ts); the confirmation is recorded with the entry
 * (apply-entry.ts).
 */
import { retryDeadlocks, type Pool } from '../../common/clients/mysql'
import type { ReservationLife } from '../../common/codecs/reservation-life'
import { recordEnded, recordHeld } from '../repositories/reservations'

export function applyReservationLife(pool: Pool, event: ReservationLife): Promise<void> {
  const { token, activityId, userId, at } = event
  // two events of one token applied at once can deadlock on its key: retried whole
  return retryDeadlocks(() =>
    event.type === 'RESERVATION_HELD'
      ? recordHeld(pool, [{ token, activityId, userId, heldAt: at, expiresAt: event.expiresAt }])
      : recordEnded(pool, {
          token, activityId, userId, expiresAt: event.expiresAt,
          status: event.type === 'RESERVATION_CANCELLED' ? 'CANCELLED' : 'EXPIRED', endedAt: at,
        }),
  )
}
