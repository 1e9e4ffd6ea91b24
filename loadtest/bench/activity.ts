/**
 * The activity a run reserves against: published with core's own activity-state module (the same
 * publishActivity.lua core runs), checked afterwards against the invariant every reservation
 * script keeps, and removed again so a user's Redis is left as it was found.
 */
import type { Redis } from 'ioredis'
import { createActivityState } from '../../core/activity-state/activity-state'
import { lockKey } from './baselines/baseline-server'

export type Outcomes = Record<string, number>

export interface Accounting {
  limit: number
  stock: number
  holds: number
  confirmed: number
  participants: number
  /** RESERVED answers the target counted during the measured run */
  reserved: number
  /** stock + holds + confirmed = limit, RESERVED answers = holds, every participant holds or confirmed */
  balanced: boolean
}

/** Ids far above any real activity, random so two runs (or a run and a test) never share one. */
function benchActivityId(): number {
  return 2_000_000_000 + Math.floor(Math.random() * 1_000_000_000)
}

export function benchActivities(redis: Redis) {
  const state = createActivityState(redis)

  async function publish(limit: number): Promise<number> {
    const id = benchActivityId()
    const now = Date.now()
    await state.publish({
      id,
      campaignId: 1,
      name: `benchmark ${id}`,
      productId: 1,
      price: 50_000,
      budget: null,
      limit,
      startsAt: new Date(now - 60_000),
      endsAt: new Date(now + 24 * 3_600_000),
      status: 'ACTIVE',
      rules: null,
      createdAt: new Date(now),
      updatedAt: new Date(now),
    }, 0)
    return id
  }

  async function account(id: number, limit: number, outcomes: Outcomes): Promise<Accounting> {
    const live = await state.live(id)
    const reserved = outcomes.RESERVED ?? 0
    const balanced =
      live.stock + live.holds + live.confirmed === limit && reserved === live.holds && live.participants === live.holds + live.confirmed
    return { limit, stock: live.stock, holds: live.holds, confirmed: live.confirmed, participants: live.participants, reserved, balanced }
  }

  /** Deletes every key of the activity (a benchmark leaves hundreds of thousands of holds). */
  async function remove(id: number): Promise<void> {
    await state.forget(id)
    await redis.del(lockKey(id))
  }

  return { publish, account, remove }
}

/** A process's /metrics, as Prometheus' text format. */
export const readMetrics = async (url: string) => (await fetch(`${url}/metrics`)).text()

/** A counter from a process's /metrics by one label's values, summed over its other labels. */
export const scrapeCounter = async (url: string, metric: string, label: string) => counterBy(await readMetrics(url), metric, label)

/** A counter of /metrics text by one label's values, summed over its other labels. */
export function counterBy(text: string, metric: string, label: string): Outcomes {
  const values: Outcomes = {}
  for (const match of text.matchAll(new RegExp(`^${metric}\\{([^}]*)\\} (\\S+)$`, 'gm'))) {
    const value = new RegExp(`${label}="([^"]+)"`).exec(match[1]!)?.[1] ?? 'UNKNOWN'
    values[value] = (values[value] ?? 0) + Number(match[2])
  }
  return values
}

/** `axon_reservations_total{outcome="…"}` from a target's /metrics. */
export const scrapeOutcomes = (targetUrl: string) => scrapeCounter(targetUrl, 'axon_reservations_total', 'outcome')

/** What happened between two scrapes: the target's counters keep counting across runs. */
export function outcomesBetween(before: Outcomes, after: Outcomes): Outcomes {
  const delta: Outcomes = {}
  for (const [outcome, n] of Object.entries(after)) {
    const d = n - (before[outcome] ?? 0)
    if (d > 0) delta[outcome] = d
  }
  return delta
}
