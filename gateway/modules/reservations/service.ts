/**
 * Reserving a unit of an FCFS activity: one atomic Lua step decides everything; the only extra
 * round trip is an eligibility lookup when the activity has rules and no verdict is cached (once,
 * unless the shopper's profile changes while core is asked: then once more per change, up to
 * `verdictLookups`), and, on an unknown activity, a look at whether Redis has core's state at all.
 */
import type { Redis } from 'ioredis'
import { randomId } from '../../../common/random-id'
import { reservationToken } from '../../../common/redis/keys'
import { eligibilityUnavailable, type VerdictSource } from '../../eligibility/verdicts'
import { codes } from '../../lua/codes'
import { scriptRefusal } from '../../lua/script-refusal'
import type { ReservationScripts } from '../../lua/scripts'
import type { Reservation } from './model'

export interface ReservationDeps {
  redis: Redis
  scripts: ReservationScripts
  verdicts: VerdictSource
  holdTtlMs: number
  now: () => number
}

const verdictLookups = 3

export async function reserve(deps: ReservationDeps, activityId: number, userId: number): Promise<Reservation> {
  const token = reservationToken(activityId, randomId())
  const attempt = () => deps.scripts.reserve({ activityId, userId, token, now: deps.now(), ttlMs: deps.holdTtlMs })
  let reply = await attempt()
  for (let lookups = 0; reply[0] === codes.NEEDS_VERDICT; lookups++) {
    if (lookups === verdictLookups) throw eligibilityUnavailable('your profile changed while your eligibility was checked')
    await deps.verdicts.ensure(activityId, userId, String(reply[1]))
    reply = await attempt()
  }
  if (reply[0] !== 1) throw await scriptRefusal(deps.redis, reply, activityId)
  return { status: 'RESERVED', activityId, token, expiresAt: new Date(Number(reply[1])).toISOString() }
}
