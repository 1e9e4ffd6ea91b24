/**
 * Records the holds still live in Redis in MySQL's `reservations`, off the reserve path: taking a
 * hold writes the hold and nothing else (gateway/lua/reserve-8.lua), and this reads each
 * published activity's `holds` zset every interval and upserts the holds it has not recorded yet
 * (HELD, taken at the time in the token, owned by `holdOwners`; its expiry comes with its end).
 * A hold's end event carries its whole life too, so this only makes a hold visible while it is
 * live; a hold it never saw (it ended within the interval) is recorded from its end alone.
 *
 * Each activity is read from a little below the highest expiry seen the pass before (`slackMs`,
 * for the clocks of several gateways), so a hold is read once or twice in a windowed read, not
 * once per interval for as long as it lives; the tokens recorded are remembered per activity and
 * skipped. (Holds cut short by the activity's end all expire at its end: those are in every
 * window, at most the activity's stock.) A sweep walks all the live holds, a page a pass, for the
 * holds a window missed (see readNewHolds): so a live hold is recorded within the interval, or
 * within two walks when its expiry fell below the window. Several core processes recording at
 * once is harmless: every write is an upsert of the same values (repositories/reservations.ts).
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
  /** holds the sweep reads per pass (1,000): a walk over N live holds takes N ÷ 1,000 passes */
  sweepPage?: number
  /**
   * how far below the highest expiry of the pass before each read starts (250 ms: the gateways'
   * clocks apart, which NTP keeps to a few ms): each hold is read about 1 + slack ÷ interval times
   */
  slackMs?: number
}

/** how far below the highest expiry of a pass the next read starts, unless told (see slackMs) */
export const recorderSlackMs = 250

/** holds the sweep reads per pass, unless told (see readNewHolds) */
export const recorderSweepPage = 1000

/** holds whose owners are asked and rows written at once (each row's trigger updates the activity's totals row, locked until the statement ends) */
const page = 200

/** What one recorder remembers of an activity. */
export interface SeenHolds {
  /** where the next windowed read starts (an expiry, epoch ms); it never moves down */
  from: number
  /** the live tokens recorded (or left to their end); at the end of each sweep, only those the sweep saw */
  recorded: Set<string>
  /** the tokens read since the sweep began */
  swept: Set<string>
  /** the rank the sweep reads from next */
  rank: number
}

export const noHoldsSeen = (): SeenHolds => ({ from: -Infinity, recorded: new Set(), swept: new Set(), rank: 0 })

export interface LiveHold {
  token: string
  activityId: number
  userId: number
  heldAt: Date
}

export interface ReadOptions {
  slackMs: number
  /** holds the sweep reads per pass */
  sweepPage: number
}

/**
 * The Redis half of a pass over one activity: its live holds not recorded yet, a page at a time
 * (`onPage` writes them), then remembers them. Holds with no owner any more (ended since the
 * read: the end records them) or no time in their token (issued before tokens carried one: their
 * taken event recorded them) are left out of the pages.
 *
 * Two reads: the window — from `slackMs` below the highest expiry the pass before saw, where new
 * holds land — and a page of the sweep, which walks the holds by rank, `sweepPage` a pass, and
 * starts again at the lowest once it has read them all. The sweep catches the holds whose expiry
 * fell below the window (a gateway whose clock is behind, a command queued while Redis was
 * unreachable, an activity whose end was moved earlier, a shorter hold TTL on one gateway) within
 * two walks (one may miss a hold whose rank moved down while it passed), and lets the recorder
 * forget the tokens no longer live; it costs Redis a bounded read each pass, however many holds
 * are live.
 *
 * Tokens are read without their scores: Redis formats each score as text, which made a read cost
 * ~8× as much (loadtest/bench/reserve-instructions.ts), so a live hold's expiry is left to its
 * end event; only the highest score is asked.
 */
export async function readNewHolds(redis: Redis, activityId: number, seen: SeenHolds, o: ReadOptions, onPage: (holds: LiveHold[]) => Promise<void>) {
  const k = activityKeys(activityId)
  const highest = await redis.zrange(k.holds, '-1', '-1', 'WITHSCORES')
  const window = highest.length ? Number(highest[1]) - o.slackMs : Infinity
  seen.from = Math.max(seen.from, window === Infinity ? -Infinity : window)
  const [windowed, swept] = await Promise.all([
    highest.length ? redis.zrangebyscore(k.holds, String(seen.from), '+inf') : Promise.resolve([]),
    redis.zrange(k.holds, String(seen.rank), String(seen.rank + o.sweepPage - 1)),
  ])
  const fresh = [...new Set([...windowed, ...swept])].filter((token) => !seen.recorded.has(token))
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
  for (const token of swept) seen.swept.add(token)
  if (swept.length < o.sweepPage) {
    // the walk is done: what it never read is no longer live
    seen.recorded = seen.swept
    seen.swept = new Set()
    seen.rank = 0
  } else seen.rank += o.sweepPage
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

  /**
   * One pass over every published activity; returns the holds written. An activity that fails is
   * logged and read whole the next pass (its holds are written again, harmlessly); the others go on.
   */
  async function recordAll(): Promise<number> {
    const ids = (await redis.smembers(activityRegistryKey)).map(Number)
    const published = new Set(ids)
    for (const id of seen.keys()) if (!published.has(id)) seen.delete(id)
    let written = 0
    for (const id of ids) {
      try {
        written += await recordActivity(id)
      } catch (error) {
        seen.delete(id)
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
