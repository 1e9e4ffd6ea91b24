/**
 * How a run is shaped, from the script's `options` and the command line (which wins, as in k6):
 * - iterations (with or without vus): k6's shared-iterations — VUs share the budget, within
 *   `duration` when given, else k6's default maxDuration of 10 minutes;
 * - duration without iterations: k6's constant-vus — every VU loops until the time is up;
 * - neither: one VU, one iteration, as k6 does.
 * stages, scenarios and executors are refused: the runner does not pretend to ramp.
 */
import { durationMs } from './durations'
import { parseThresholds, UnsupportedOption, type Threshold } from './thresholds'

export interface RunPlan {
  executor: 'shared-iterations' | 'constant-vus'
  vus: number
  iterations: number | null
  durationMs: number
  thresholds: Threshold[]
  /** options k6 knows that this runner does not act on */
  ignored: string[]
}

export interface Overrides {
  vus?: number
  iterations?: number
  duration?: string
}

const handled = new Set(['vus', 'iterations', 'duration', 'thresholds'])
const refused = ['stages', 'scenarios', 'executor']
const k6MaxDurationMs = 10 * 60_000

function positiveInteger(name: string, value: unknown): number {
  if (!Number.isSafeInteger(value) || (value as number) < 1) throw new UnsupportedOption(`${name} must be a positive integer, got ${JSON.stringify(value)}`)
  return value as number
}

export function planRun(options: Record<string, unknown>, overrides: Overrides): RunPlan {
  for (const name of refused)
    if (options[name] !== undefined) throw new UnsupportedOption(`options.${name} is not supported by the compat runner: use vus with iterations or duration`)
  const vus = positiveInteger('vus', overrides.vus ?? options.vus ?? 1)
  const duration = overrides.duration ?? (options.duration as string | undefined)
  const rawIterations = overrides.iterations ?? options.iterations ?? (duration === undefined ? 1 : undefined)
  const iterations = rawIterations === undefined ? null : positiveInteger('iterations', rawIterations)
  if (iterations !== null && iterations < vus) throw new UnsupportedOption(`iterations (${iterations}) must not be fewer than vus (${vus}), as in k6`)
  let ms: number
  try {
    ms = duration === undefined ? k6MaxDurationMs : durationMs(duration)
  } catch (error) {
    throw new UnsupportedOption(`duration: ${(error as Error).message}`)
  }
  return {
    executor: iterations === null ? 'constant-vus' : 'shared-iterations',
    vus,
    iterations,
    durationMs: ms,
    thresholds: parseThresholds(options.thresholds),
    ignored: Object.keys(options).filter((name) => !handled.has(name)),
  }
}
