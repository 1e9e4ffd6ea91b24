/**
 * Records the holds still live in Redis in MySQL's `reservations`, off the reserve path: taking a
 * hold writes the hold and nothing else (gateway/lua/reserve-7.lua), and this reads each
 * published activity's `holds` zset every interval and upserts the holds it has not recorded yet
 * (HELD, taken at the time in the token, owned by `holdOwners`; its expiry comes with its end).
 * A hold's end event carries its whole life too, so this only makes a hold visible while it is
 * live; a hold it never saw (it ended within the interval) is recorded from its end alone.
 *
 * Each activity is read from a little below the highest expiry seen the pass before (`slackMs`,
 * for the clocks of several gateways), newest first until nothing is new, so a hold is read once
 * or twice, not once per interval for as long as it lives; the tokens recorded are remembered per
 * activity and skipped. A walk over all the live holds, a page a pass, finds the holds the window
 * missed (see readNewHolds): so a live hold is recorded within the interval, or within two walks
 * when its expiry fell below the window. Several core processes recording at once is harmless:
 * every write is an upsert of the same values (repositories/reservations.ts).
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
  /** holds the walk reads per pass (1,000): a walk over N live holds takes N ÷ 1,000 passes */
  sweepPage?: number
  /**
   * how far below the highest expiry of the pass before each read starts (250 ms: the gateways'
   * clocks apart, which NTP keeps to a few ms): each hold is read about 1 + slack ÷ interval times
   */
  slackMs?: number
}

/** how far below the highest expiry of a pass the next read starts, unless told (see slackMs) */
export const recorderSlackMs = 250

/** holds the walk reads per pass, unless told (see readNewHolds) */
export const recorderSweepPage = 1000

/** holds whose owners are asked and rows written at once (each row's trigger updates the activity's totals row, locked until the statement ends) */
const page = 200

/** What one recorder remembers of an activity. */
export interface SeenHolds {
  /** where the next window starts: `slackMs` below the highest expiry the last pass saw (-Infinity before the first) */
  from: number
  /** the live tokens recorded (or left to their end); at the end of each walk, only those it saw */
  recorded: Set<string>
  /** the tokens read since the walk began */
  swept: Set<string>
  /** the walk's place: the last hold it read and that hold's expiry; none at the start of a walk */
  cursor?: { token: string; score: number }
}

export const noHoldsSeen = (): SeenHolds => ({ from: -Infinity, recorded: new Set(), swept: new Set() })

export interface LiveHold {
  token: string
  activityId: number
  userId: number
  heldAt: Date
}

export interface ReadOptions {
  slackMs: number
  /** holds the walk reads per pass */
  sweepPage: number
}

/** tokens of the window read at once, newest first */
const windowPage = 250

/**
 * The Redis half of a pass over one activity: its live holds not recorded yet, a page at a time
 * (`onPage` writes them), then remembers them. Holds with no owner any more (ended since the
 * read: the end records them; owner and hold go together) or no time in their token (issued
 * before tokens carried one: their taken event recorded them) are left out of the pages.
 *
 * Two reads:
 * - the window, where new holds land: from `slackMs` below the highest expiry the last pass saw,
 *   newest first (highest expiry; among equal ones, a token's time orders it), a page at a time
 *   until a page holds nothing new. So holds cut short by the activity's end, which all expire at
 *   once, are not read again each pass.
 * - the walk: `sweepPage` holds a pass in order of expiry, resuming after the last hold it read
 *   (found again by its token, or by its expiry once it has ended), and starting again at the
 *   lowest once it has read them all. It catches the holds whose expiry fell below the window (a
 *   gateway whose clock is off by more than the slack, a command queued while Redis was
 *   unreachable, an activity whose end was moved earlier, a shorter hold TTL) within two walks
 *   (one may pass a hold taken below its place meanwhile), and lets the recorder forget the
 *   tokens no longer live.
 *
 * Tokens are read without their scores: Redis formats each score as text, which made a read cost
 * ~8× as much (loadtest/bench/reserve-instructions.ts), so a live hold's expiry is left to its
 * end event; only the highest score and the walk's last are asked. `seen` changes only as the
 * pass succeeds: a failed pass is simply made again.
 */
export async function readNewHolds(redis: Redis, activityId: number, seen: SeenHolds, o: ReadOptions, onPage: (holds: LiveHold[]) => Promise<void>) {
  const k = activityKeys(activityId)
  const highest = await redis.zrange(k.holds, '-1', '-1', 'WITHSCORES')
  const top = highest.length ? Number(highest[1]) : undefined
  const windowed: string[] = []
  if (top !== undefined) {
    const from = String(seen.from === -Infinity ? top - o.slackMs : seen.from)
    for (let offset = 0; ; offset += windowPage) {
      const tokens = await redis.zrange(k.holds, '+inf', from, 'BYSCORE', 'REV', 'LIMIT', offset, windowPage)
      windowed.push(...tokens)
      if (tokens.length < windowPage || tokens.every((token) => seen.recorded.has(token))) break
    }
  }
  let start = 0
  if (seen.cursor) {
    const rank = await redis.zrank(k.holds, seen.cursor.token)
    start = rank !== null ? rank + 1 : await redis.zcount(k.holds, '-inf', `(${seen.cursor.score}`)
  }
  const walked = await redis.zrange(k.holds, String(start), String(start + o.sweepPage - 1))
  const fresh = [...new Set([...windowed, ...walked])].filter((token) => !seen.recorded.has(token))
  for (let i = 0; i < fresh.length; i += page) {
    const tokens = fresh.slice(i, i + page)
    const owners = await redis.hmget(k.holdOwners, ...tokens)
    await onPage(
      tokens.flatMap((token, j) => {
        const heldAt = heldAtOfToken(token)
        return owners[j] && heldAt ? [{ token, activityId, userId: Number(owners[j]), heldAt }] : []
      }),
    )
    for (const token of tokens) seen.recorded.add(token)
  }
  for (const token of windowed) seen.swept.add(token)
  for (const token of walked) seen.swept.add(token)
  if (walked.length < o.sweepPage) {
    // the walk is done: what it never read is no longer live
    seen.recorded = seen.swept
    seen.swept = new Set()
    seen.cursor = undefined
  } else {
    const last = walked.at(-1)!
    const score = await redis.zscore(k.holds, last)
    // the last hold ended meanwhile: the walk resumes where it stood (a page read again)
    if (score !== null) seen.cursor = { token: last, score: Number(score) }
  }
  if (top !== undefined) seen.from = top - o.slackMs
}

export function holdRecorder({ redis, pool, log, slackMs = recorderSlackMs, sweepPage = recorderSweepPage }: RecorderParts) {
  const seen = new Map<number, SeenHolds>()

  /** Records one activity's live holds not recorded yet; returns how many it wrote. */
  async function recordActivity(activityId: number): Promise<number> {
    let state = seen.get(activityId)
    if (!state) seen.set(activityId, (state = noHoldsSeen()))
    let written = 0
    await readNewHolds(redis, activityId, state, { slackMs, sweepPage }, async (holds) => {
      // a consistent lock order against the end events of the same tokens being applied
      holds.sort((a, b) => (a.token < b.token ? -1 : 1))
      await retryDeadlocks(() => recordHeld(pool, holds))
      written += holds.length
    })
    return written
  }

  /** One pass over every published activity; returns the holds written. An activity that fails is logged and read again the next pass; the others go on. */
  async function recordAll(): Promise<number> {
    const ids = (await redis.smembers(activityRegistryKey)).map(Number)
    const published = new Set(ids)
    for (const id of seen.keys()) if (!published.has(id)) seen.delete(id)
    let written = 0
    for (const id of ids) {
      try {
        written += await recordActivity(id)
      } catch (error) {
        log.warn('recording the live holds of an activity failed', { activityId: id, error })
      }
    }
    return written
  }

  return { recordActivity, recordAll }
}

type RecorderParts = Pick<HoldRecorderOptions, 'redis' | 'pool' | 'log' | 'slackMs' | 'sweepPage'>

/** Records every interval (after the previous pass ended) until stopped. */
export function startHoldRecorder(o: HoldRecorderOptions) {
  const recorder = holdRecorder(o)
  const job = every(o.intervalMs, 'record live holds', o.log, recorder.recordAll)
  return { ...recorder, stop: () => job.stop() }
}
