/**
 * Reserving a unit of an FCFS activity: one atomic Lua step decides everything; the only extra
 * round trips are an eligibility lookup when the activity has rules and no verdict is cached (once,
 * unless the shopper's profile changes while core is asked: then once more per change, up to
 * `verdictLookups`), a release of lapsed holds when one is in the way (the shopper's own, or all
 * the stock held and some of it lapsed, before the sweeper came by), and, on an unknown activity,
 * a look at whether Redis has core's state at all.
 */
import type { Redis } from 'ioredis'
import { AppError } from '../../../common/errors'
import { reservationToken } from '../../../common/redis/keys'
import { releasedPerCall, tombstoneRetentionMs } from '../../holds/sweeper'
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
  /** lapsed holds this path released (the sweeper's metric) */
  onReleased?: (count: number) => void
}

const verdictLookups = 3
/** releases of lapsed holds (up to releasedPerCall each) before a reservation gives up */
const lapsedReleases = 5

const holdsReleasing = () =>
  new AppError('HOLDS_RELEASING', 503, 'lapsed reservations of this activity are being released; try again in a moment', { retryAfterSeconds: 1 })

export async function reserve(deps: ReservationDeps, activityId: number, userId: number): Promise<Reservation> {
  let token = ''
  // each attempt's token carries the time it is made at, which is when that attempt takes the hold
  const attempt = () => {
    const now = deps.now()
    token = reservationToken(activityId, now)
    return deps.scripts.reserve({ activityId, userId, token, now, ttlMs: deps.holdTtlMs })
  }
  let reply = await attempt()
  for (let lookups = 0, releases = 0; reply[0] === codes.NEEDS_VERDICT || reply[0] === codes.LAPSED; reply = await attempt()) {
    if (reply[0] === codes.LAPSED) {
      if (releases++ === lapsedReleases) throw holdsReleasing()
      // the sweeper's own step: each lapsed hold's end goes on the bus as it is released
      const released = await deps.scripts.expireHolds({ activityId, now: deps.now(), max: releasedPerCall, retentionMs: tombstoneRetentionMs })
      if (released > 0) deps.onReleased?.(released)
      continue
    }
    if (lookups++ === verdictLookups) throw eligibilityUnavailable('your profile changed while your eligibility was checked')
    await deps.verdicts.ensure(activityId, userId, String(reply[1]))
  }
  if (reply[0] !== 1) throw await scriptRefusal(deps.redis, reply, activityId)
  return { status: 'RESERVED', activityId, token, expiresAt: new Date(Number(reply[1])).toISOString() }
}
