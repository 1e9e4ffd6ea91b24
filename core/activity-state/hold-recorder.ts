/**
 * Records the holds still live in Redis in MySQL's `reservations`, off the reserve path: taking a
 * hold writes the hold and nothing else (gateway/lua/reserve-8.lua), and this reads each
 * published activity's `holds` zset every interval and upserts the holds it has not recorded yet
 * (HELD, taken at the time in the token, owned by `holdOwners`; its expiry comes with its end).
 * A hold's end event carries its whole life too, so this only makes a hold visible while it is
 * live; a hold it never saw (it ended within the interval) is recorded from its end alone.
 *
 * Each activity is read from a little below the highest expiry seen the pass before (`slackMs`,
 * for the clocks of several gateways), so a hold is read once or twice, not once per interval for
 * as long as it lives; the tokens of the last read are remembered per activity and skipped.
 * (Holds cut short by the activity's end all expire at its end: those are read every pass, at
 * most the activity's stock.) A hold this window misses (a gateway's clock far behind, a
 * shorter hold TTL after a restart) is recorded when it ends, as one that ended within the
 * interval is. Several core processes recording at once is harmless: every write is an upsert of
 * the same values (repositories/reservations.ts).
 */
import { retryDeadlocks, type Pool } from '../../common/clients/mysql'
import type { Redis } from '../../common/clients/redis'
import type { Logger } from '../../common/log'
import { activityKeys, activityRegistryKey, heldAtOfToken } from '../../common/redis/keys'
import { recordHeld } from '../repositories/reservations'
import { every } from '../jobs/every'

export interface HoldRecorderOptions {
  redis: Redis
  pool: Pool
  log: Logger
  intervalMs: number
  /**
   * how far below the highest expiry of the pass before each read starts (250 ms: the gateways'
   * clocks apart, which NTP keeps to a few ms): each hold is read about 1 + slack ÷ interval times
   */
  slackMs?: number
}

/** how far below the highest expiry of a pass the next read starts, unless told (see slackMs) */
export const recorderSlackMs = 250

/** holds read, owners asked and rows written at once */
const page = 1000

/** What one recorder remembers of an activity. */
export interface SeenHolds {
  /** where the next read starts (an expiry, epoch ms); it never moves down */
  from: number
  /** the tokens the last read returned: the next read returns them again, and only them besides new holds */
  tokens: Set<string>
}

export const noHoldsSeen = (): SeenHolds => ({ from: -Infinity, tokens: new Set() })

export interface LiveHold {
  token: string
  activityId: number
  userId: number
  heldAt: Date
}

/**
 * The Redis half of a pass over one activity: its live holds `seen` has not, a page at a time
 * (`onPage` writes them), then remembers what it read. Holds with no owner any more (ended since
 * the read: the end records them) or no time in their token (issued before tokens carried one:
 * their taken event recorded them) are left out of the pages.
 *
 * Tokens are read without their scores: Redis formats each score as text, which made a read cost
 * ~8× as much (loadtest/bench/reserve-instructions.ts), so a live hold's expiry is left to its
 * end event. The highest score alone is asked first; the read after the next starts `slackMs`
 * below it.
 */
export async function readNewHolds(redis: Redis, activityId: number, seen: SeenHolds, slackMs: number, onPage: (holds: LiveHold[]) => Promise<void>) {
  const k = activityKeys(activityId)
  const highest = await redis.zrange(k.holds, '-1', '-1', 'WITHSCORES')
  const read = await redis.zrangebyscore(k.holds, seen.from === -Infinity ? '-inf' : String(seen.from), '+inf')
  const fresh = read.filter((token) => !seen.tokens.has(token))
  for (let i = 0; i < fresh.length; i += page) {
    const tokens = fresh.slice(i, i + page)
    const owners = await redis.hmget(k.holdOwners, ...tokens)
    await onPage(
      tokens.flatMap((token, j) => {
        const heldAt = heldAtOfToken(token)
        return owners[j] && heldAt ? [{ token, activityId, userId: Number(owners[j]), heldAt }] : []
      }),
    )
  }
  seen.tokens = new Set(read)
  if (highest.length) seen.from = Math.max(seen.from, Number(highest[1]) - slackMs)
}

export function holdRecorder({ redis, pool, slackMs = recorderSlackMs }: Pick<HoldRecorderOptions, 'redis' | 'pool' | 'slackMs'>) {
  const seen = new Map<number, SeenHolds>()

  /** Records one activity's live holds not recorded yet; returns how many it wrote. */
  async function recordActivity(activityId: number): Promise<number> {
    let state = seen.get(activityId)
    if (!state) seen.set(activityId, (state = noHoldsSeen()))
    let written = 0
    await readNewHolds(redis, activityId, state, slackMs, async (holds) => {
      // a consistent lock order against the end events of the same tokens being applied
      holds.sort((a, b) => (a.token < b.token ? -1 : 1))
      await retryDeadlocks(() => recordHeld(pool, holds))
      written += holds.length
    })
    return written
  }

  /** One pass over every published activity; returns the holds written. */
  async function recordAll(): Promise<number> {
    const ids = (await redis.smembers(activityRegistryKey)).map(Number)
    const published = new Set(ids)
    for (const id of seen.keys()) if (!published.has(id)) seen.delete(id)
    let written = 0
    for (const id of ids) written += await recordActivity(id)
    return written
  }

  return { recordActivity, recordAll }
}

/** Records every interval (after the previous pass ended) until stopped. */
export function startHoldRecorder(o: HoldRecorderOptions) {
  const recorder = holdRecorder(o)
  const job = every(o.intervalMs, 'record live holds', o.log, recorder.recordAll)
  return { ...recorder, stop: () => job.stop() }
}
