/**
 * The error a script's refusal means to the shopper, for every script that reads an activity's
 * state (reserve, confirm, cancel). An unknown activity or token may mean Redis lost its data and
 * core is loading it back from MySQL (the state marker is not "intact"), entrants and their
 * confirmations first: the shopper is told to try again in a few seconds (503 STATE_RESTORING),
 * not that the activity or the paid reservation does not exist.
 */
import type { Redis } from 'ioredis'
import { AppError } from '../../common/errors'
import { readStateMarker } from '../../common/redis/state-marker'
import { codes, outcomeError } from './codes'

export async function scriptRefusal(redis: Redis, reply: readonly (string | number)[], activityId: number): Promise<AppError> {
  const unknown = reply[0] === codes.UNKNOWN_ACTIVITY || reply[0] === codes.UNKNOWN_TOKEN
  if (unknown && (await readStateMarker(redis)) !== 'intact')
    return new AppError('STATE_RESTORING', 503, `activity ${activityId} is being restored into Redis; try again in a few seconds`, { retryAfterSeconds: 2 })
  return outcomeError(Number(reply[0]), activityId, reply[1] === undefined ? undefined : String(reply[1]))
}
