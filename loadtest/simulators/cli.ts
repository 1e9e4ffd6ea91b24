/**
 * `./axon simulate <journey|ltv|time-travel|full-funnel> [flags]`: parses a simulator's flags, runs
 * it against the platform at `address`, and answers what it did (printed as JSON by the caller;
 * progress goes to `progress`, stderr in the CLI).
 */
import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { simulateFullFunnel } from './full-funnel'
import { simulateJourney } from './journey'
import { simulateLtv } from './ltv'
import { platformClient, type PlatformAddress } from './platform-client'
import { simulateTimeTravel } from './time-travel'

export const simulations = ['journey', 'ltv', 'time-travel', 'full-funnel'] as const

export const simulateUsage = `usage: ./axon simulate <simulation> [flags]   (prints what it did as JSON; progress on stderr)
  journey --activity N[,M…] [--visitors 100] [--resend-share 0.05] [--pay 0.7] [--cancel 0.15]
          [--first-user ID] [--wait-for-expiry] [--seed 1]
      visitors browse (anonymous, then signed in), click, reserve, then pay, cancel or leave the
      hold to lapse (the rest of --pay and --cancel); --resend-share of /collect batches go twice
  ltv --activity N --journey FILE [--seed 1]
      the cohort in FILE (a journey's JSON) buys again at realistic offsets, back-dated through
      core's order intake; run it after time-travel so the offsets lie in the past
  time-travel --activity N --days D
      moves the activity, its entries, purchases, reservations and events D days into the past
      (development only)
  full-funnel [--activity N[,M…]] [--visitors 300] [--days 400] [--seed 1]
      a finished campaign of D days ago with its cohort's repurchases, a journey on the live
      activities named, and a month of regular orders of their products`

export class UsageError extends Error {
  override name = 'UsageError'
}

export interface SimulationSettings {
  env: string
  holdTtlSeconds: number
  shopTimeZone: string
}

function count(flag: string, value: string | undefined, fallback?: number): number {
  if (value === undefined && fallback !== undefined) return fallback
  const n = Number(value)
  if (value === undefined || !Number.isSafeInteger(n) || n < 0) throw new UsageError(`${flag} takes a whole number, got ${value ?? 'nothing'}`)
  return n
}

function share(flag: string, value: string | undefined, fallback: number): number {
  const n = value === undefined ? fallback : Number(value)
  if (!Number.isFinite(n) || n < 0 || n > 1) throw new UsageError(`${flag} takes a share between 0 and 1, got ${value}`)
  return n
}

function ids(value: string | undefined, required: boolean): number[] {
  if (value === undefined) {
    if (required) throw new UsageError('--activity is required')
    return []
  }
  return value.split(',').map((id) => {
    if (!/^[1-9][0-9]*$/.test(id)) throw new UsageError(`--activity takes activity ids, e.g. 1 or 1,2; got "${id}"`)
    return Number(id)
  })
}

function parseFlags(args: string[]) {
  try {
    return parseArgs({
      args,
      options: {
        activity: { type: 'string' }, visitors: { type: 'string' }, seed: { type: 'string' }, days: { type: 'string' },
        'resend-share': { type: 'string' }, pay: { type: 'string' }, cancel: { type: 'string' }, 'first-user': { type: 'string' },
        'wait-for-expiry': { type: 'boolean', default: false }, journey: { type: 'string' },
      },
    })
  } catch (error) {
    throw new UsageError((error as Error).message)
  }
}

export async function simulate(argv: readonly string[], address: PlatformAddress, settings: SimulationSettings, progress: (line: string) => void) {
  const [name, ...rest] = argv
  if (!simulations.includes(name as (typeof simulations)[number])) throw new UsageError(`unknown simulation "${name ?? ''}"`)
  const { values } = parseFlags(rest)
  const client = platformClient(address)
  const seed = count('--seed', values.seed, 1)
  const common = { seed, holdTtlSeconds: settings.holdTtlSeconds, shopTimeZone: settings.shopTimeZone, progress }
  if (name === 'journey') {
    const pay = share('--pay', values.pay, 0.7)
    const cancel = share('--cancel', values.cancel, 0.15)
    if (pay + cancel > 1) throw new UsageError('--pay and --cancel add up to more than 1')
    return simulateJourney(client, {
      ...common,
      activityIds: ids(values.activity, true),
      visitors: count('--visitors', values.visitors, 100),
      resendShare: share('--resend-share', values['resend-share'], 0.05),
      holdOutcomes: { pay, cancel },
      firstUserId: values['first-user'] === undefined ? undefined : count('--first-user', values['first-user']),
      waitForExpiry: values['wait-for-expiry'],
    })
  }
  if (name === 'ltv') {
    const [activityId] = ids(values.activity, true)
    if (!values.journey) throw new UsageError('ltv needs --journey FILE: the JSON a journey on the activity printed')
    return simulateLtv(client, { ...common, activityId: activityId!, journey: JSON.parse(readFileSync(values.journey, 'utf8')) })
  }
  if (name === 'time-travel') {
    const [activityId] = ids(values.activity, true)
    return simulateTimeTravel(client, { activityId: activityId!, days: count('--days', values.days), env: settings.env, progress })
  }
  return simulateFullFunnel(client, { ...common, env: settings.env, activityIds: ids(values.activity, false), visitors: count('--visitors', values.visitors, 300), days: count('--days', values.days, 400) })
}
