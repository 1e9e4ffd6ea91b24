/**
 * Every Redis key the platform uses, built here and nowhere else. All keys of one activity share
 * the hash tag `{act:ID}`, so each Lua script touches a single slot (Redis Cluster ready).
 *
 * Invariant kept by the Lua scripts: stock + ZCARD(holds) + SCARD(confirmed) = limit.
 */
import { randomId } from '../random-id'

export function activityKeys(activityId: number) {
  const tag = `{act:${activityId}}`
  return {
    /** hash: status, startsAt, endsAt (epoch ms), limit, price (decimal text), productId, campaignId, hasRules */
    meta: `${tag}:meta`,
    /** integer: units still free to reserve */
    stock: `${tag}:stock`,
    /** set of userIds holding or having confirmed a unit (the realtime participant count) */
    participants: `${tag}:participants`,
    /** zset: reservation token → hold expiry (epoch ms) */
    holds: `${tag}:holds`,
    /** hash: reservation token → userId */
    holdOwners: `${tag}:hold-owners`,
    /** hash: userId → token of that shopper's live hold (so a lapsed hold never blocks its shopper) */
    userHolds: `${tag}:user-holds`,
    /** set of userIds whose payment was confirmed */
    confirmed: `${tag}:confirmed`,
    /** hash: reservation token → the confirmation (common/codecs/confirmation.ts), so a retried confirm replays */
    orders: `${tag}:orders`,
    /** zset: "E:<token>" (lapsed) or "C:<token>" (cancelled) → release time, so a late confirm says why */
    released: `${tag}:released`,
    /** string with a TTL: one shopper's eligibility verdict or a re-check mark (common/codecs/verdict.ts) */
    verdict: (userId: number) => `${tag}:verdict:${userId}`,
  }
}

export type ActivityKeys = ReturnType<typeof activityKeys>

/** set of activity ids whose holds the sweeper walks: published and not yet retired */
export const activityRegistryKey = 'axon:activities'

/** zset: activity id → when it was retired (ended, last hold gone); its keys go after the retention period */
export const retiredActivitiesKey = 'axon:activities:retired'

/** string "restoring" | "intact": has core loaded MySQL's activities into this Redis (common/redis/state-marker.ts) */
export const activityStateMarkerKey = 'axon:activity-state'

/** What follows the dot: the time (epoch ms in base 36: 8 digits until 2059, then 9), then 16 base64url characters (12 random bytes) */
const tokenTail = /^([0-9a-z]{8,9})[A-Za-z0-9_-]{16}$/

/**
 * A reservation token: `<activityId>.<heldAt><random>`. The activity id lets confirm/cancel find
 * the `{act:ID}` slot; the time the hold was taken (epoch ms, 8 base-36 digits, 9 from 2059) lets core record
 * the hold from its end event alone, so taking a hold writes nothing but the hold itself (README,
 * "Recording every reservation"). `random` is the unguessable part (96 bits from the gateway:
 * a token confirms nothing without its owner's signed identity, and OWASP asks 64 of a session id).
 */
export function reservationToken(activityId: number, heldAt: number, random = randomId(12)) {
  if (!Number.isSafeInteger(heldAt) || heldAt < 0) throw new RangeError(`a hold is taken at a whole epoch millisecond, not ${heldAt}`)
  return `${activityId}.${heldAt.toString(36).padStart(8, '0')}${random}`
}

/** When the token's hold was taken; undefined for a token without the time (issued before it was added). */
export function heldAtOfToken(token: string): Date | undefined {
  // an earlier token's tail is 22 random characters: never 24 or 25
  const digits = tokenTail.exec(token.slice(token.indexOf('.') + 1))?.[1]
  return digits === undefined ? undefined : new Date(parseInt(digits, 36))
}

export function activityIdOfToken(token: string): number | undefined {
  const dot = token.indexOf('.')
  if (dot <= 0) return undefined
  const id = Number(token.slice(0, dot))
  return Number.isSafeInteger(id) && id > 0 ? id : undefined
}

/** string with a TTL: a marketer's session (analytics/auth/sessions.ts) */
export const sessionKey = (id: string) => `session:${id}`

/** hash {failures, lastAt} with a TTL: failed logins of one account or one client address (analytics/auth/throttle.ts) */
export const loginFailuresKey = (kind: 'account' | 'address', who: string) => `login-failures:${kind}:${who}`

/** list of JSON {question, answer, used, at}, newest last, with a TTL: a marketer's recent questions to the assistant (analytics/assistant/history.ts) */
export const assistantHistoryKey = (accountId: number) => `assistant:history:${accountId}`

/** counter with a TTL: questions a marketer asked the assistant in one clock hour (analytics/assistant/history.ts) */
export const assistantQuestionsKey = (accountId: number, hour: number) => `assistant:questions:${accountId}:${hour}`
