/**
 * Reserving a unit of an FCFS activity: one atomic Lua step decides everything; the only extra
 * round trips are a one-time eligibility lookup when the activity has rules and the verdict is not
 * cached yet, and, on an unknown activity, a look at whether Redis has core's state at all.
 */
import type { Redis } from 'ioredis'
import { AppError } from '../../../common/errors'
import { randomId } from '../../../common/random-id'
import { reservationToken } from '../../../common/redis/keys'
import { readStateMarker } from '../../../common/redis/state-marker'
import type { VerdictSource } from '../../eligibility/verdicts'
import { codes, outcomeError } from '../../lua/codes'
import type { ReservationScripts } from '../../lua/scripts'
import type { Reservation } from './model'

export interface ReservationDeps {
  redis: Redis
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
  if (reply[0] === codes.UNKNOWN_ACTIVITY && (await readStateMarker(deps.redis)) !== 'intact') throw stateRestoring(activityId)
  if (reply[0] !== 1) throw outcomeError(reply[0], activityId, reply[1] === undefined ? undefined : String(reply[1]))
  return { status: 'RESERVED', activityId, token, expiresAt: new Date(Number(reply[1])).toISOString() }
}

/** Redis lost its data and core is loading MySQL's activities back (the state marker is not "intact"). */
const stateRestoring = (activityId: number) =>
  new AppError('STATE_RESTORING', 503, `activity ${activityId} is being restored into Redis; try again in a few seconds`, { retryAfterSeconds: 2 })
