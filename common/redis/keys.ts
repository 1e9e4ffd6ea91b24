/**
 * Every Redis key the platform uses, built here and nowhere else. All keys of one activity share
 * the hash tag `{act:ID}`, so each Lua script touches a single slot (Redis Cluster ready).
 *
 * Invariant kept by the Lua scripts: stock + ZCARD(holds) + SCARD(confirmed) = limit.
 */
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

/** Reservation tokens carry their activity id so confirm/cancel can find the `{act:ID}` slot. */
export function reservationToken(activityId: number, random: string) {
  return `${activityId}.${random}`
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
