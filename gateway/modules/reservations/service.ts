/**
 * Reserving a unit of an FCFS activity: one atomic Lua step decides everything; the only extra
 * round trip is a one-time eligibility lookup when the activity has rules and the verdict is not
 * cached yet.
 */
import { randomId } from '../../../common/random-id'
import { reservationToken } from '../../../common/redis/keys'
import type { VerdictSource } from '../../eligibility/verdicts'
import { codes, outcomeError } from '../../lua/codes'
import type { ReservationScripts } from '../../lua/scripts'
import type { Reservation } from './model'

export interface ReservationDeps {
  scripts: ReservationScripts
  verdicts: VerdictSource
  holdTtlMs: number
  now: () => number
}

export async function reserve(deps: ReservationDeps, activityId: number, userId: number): Promise<Reservation> {
  const token = reservationToken(activityId, randomId())
  const attempt = () => deps.scripts.reserve({ activityId, userId, token, now: deps.now(), ttlMs: deps.holdTtlMs })
  let reply = await attempt()
  if (reply[0] === codes.NEEDS_VERDICT) {
    await deps.verdicts.ensure(activityId, userId)
    reply = await attempt()
  }
  if (reply[0] !== 1) throw outcomeError(reply[0], activityId, reply[1] === undefined ? undefined : String(reply[1]))
  return { status: 'RESERVED', activityId, token, expiresAt: new Date(Number(reply[1])).toISOString() }
}
