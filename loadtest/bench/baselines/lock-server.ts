/**
 * BASELINE, NOT PRODUCT CODE: the seeds' approach to FCFS (the Java version's Redisson RLock):
 * a distributed lock per activity — SET NX PX, retried until a wait budget runs out — then
 * check-then-act with separate commands (HMGET meta, GET stock, SISMEMBER; DECR, SADD, ZADD,
 * HSET), then DEL. It writes the same keys as reserve-7.lua so the harness checks it the same way.
 *
 * Generous to the approach: the check and the act are each one pipelined round trip (Java code
 * typically makes one blocking call per command), and waiters poll every 1–4 ms. What it cannot
 * escape is that every shopper of an activity queues for one lock held across three round trips.
 *
 * Run by the benchmark: `bun loadtest/bench/reservations.ts --target lock`.
 */
import { createRedis } from '../../../common/clients/redis'
import { config } from '../../../common/config'
import { activityKeys, reservationToken } from '../../../common/redis/keys'
import { lockKey, serveBaseline, type BaselineOutcome } from './baseline-server'

const redis = createRedis({ name: 'bench-lock' })
const ttlMs = config.holdTtlSeconds * 1000
/** far longer than a critical section of a few round trips, as Redisson's 30 s watchdog lease is */
const leaseMs = 3000
/** a shopper gives up after this long waiting, like tryLock(waitTime) */
const waitMs = 5000

async function acquire(key: string, owner: string): Promise<boolean> {
  const deadline = Date.now() + waitMs
  for (;;) {
    if ((await redis.set(key, owner, 'PX', leaseMs, 'NX')) === 'OK') return true
    if (Date.now() >= deadline) return false
    await Bun.sleep(1 + Math.random() * 3)
  }
}

/** Check-then-act, safe only because the caller holds the activity's lock. */
async function reserveUnderLock(activityId: number, userId: number): Promise<BaselineOutcome> {
  const k = activityKeys(activityId)
  const now = Date.now()
  const [[status, startsAt, endsAt], stock, entered] = await Promise.all([
    redis.hmget(k.meta, 'status', 'startsAt', 'endsAt'),
    redis.get(k.stock),
    redis.sismember(k.participants, userId),
  ])
  if (!status) return { outcome: 'UNKNOWN_ACTIVITY' }
  if (status === 'ENDED' || now >= Number(endsAt)) return { outcome: 'CLOSED' }
  if (status !== 'ACTIVE' || now < Number(startsAt)) return { outcome: 'NOT_OPEN' }
  if (entered) return { outcome: 'ALREADY_ENTERED' }
  if (Number(stock) <= 0) return { outcome: 'SOLD_OUT' }

  const token = reservationToken(activityId, now)
  const expiresAt = now + ttlMs
  await Promise.all([
    redis.decr(k.stock),
    redis.sadd(k.participants, userId),
    redis.zadd(k.holds, expiresAt, token),
    redis.hset(k.holdOwners, token, userId),
    redis.hset(k.userHolds, userId, token),
  ])
  return { outcome: 'RESERVED', token, expiresAt }
}

serveBaseline(async (activityId, userId) => {
  const lock = lockKey(activityId)
  if (!(await acquire(lock, String(userId)))) return { outcome: 'LOCK_TIMEOUT' }
  try {
    return await reserveUnderLock(activityId, userId)
  } finally {
    await redis.del(lock)
  }
})
