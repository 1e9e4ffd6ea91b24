/**
 * Runs a k6 script the way k6 orders it: import it (init context) to read `options`; setup() once
 * in VU 0; the default function in VUs 1…N until the shared iterations or the duration run out;
 * teardown(data) in VU 0; then thresholds are evaluated against the recorded metrics.
 */
import { RunMetrics } from './metrics'
import { planRun, type Overrides, type RunPlan } from './plan'
import { evaluateThresholds, type ThresholdResult } from './thresholds'
import { startVirtualUser, type VirtualUser } from './vu'

/** The script itself failed (import, setup, teardown): k6 exits 107 for a script exception. */
export class ScriptError extends Error {
  override name = 'ScriptError'
}

export interface RunResult {
  plan: RunPlan
  metrics: RunMetrics
  seconds: number
  thresholds: ThresholdResult[]
  /** first few iteration errors, as k6 logs them */
  iterationErrors: string[]
}

export interface RunRequest {
  scriptPath: string
  overrides: Overrides
  /** __ENV: the -e KEY=VALUE pairs */
  env: Record<string, string>
  progress(line: string): void
}

const progressEveryMs = 2000
const iterationErrorsKept = 5

async function inScript<T>(what: string, work: Promise<T>): Promise<T> {
  try {
    return await work
  } catch (error) {
    throw new ScriptError(`${what}: ${(error as Error).message}`)
  }
}

export async function runScript(request: RunRequest): Promise<RunResult> {
  const metrics = new RunMetrics()
  const iterationErrors: string[] = []
  const shared = { claimed: new Int32Array(new SharedArrayBuffer(4)), iterations: null as number | null }
  const started: VirtualUser[] = []
  const start = (vu: number) => {
    const onIterationError = (n: number, message: string) => {
      metrics.iterationErrors++
      if (iterationErrors.length < iterationErrorsKept) iterationErrors.push(`VU ${n}: ${message}`)
    }
    const user = startVirtualUser({ scriptPath: request.scriptPath, vu, env: request.env, plan: shared, metrics, onIterationError })
    started.push(user)
    return user
  }
  const began = performance.now()
  try {
    const initVu = start(0)
    const script = await inScript('importing the script', initVu.loaded)
    if (!script.functions.default) throw new ScriptError('the script exports no default function')
    const plan = planRun(script.options, request.overrides)
    shared.iterations = plan.iterations
    const data = script.functions.setup ? await inScript('setup()', initVu.run({ phase: 'setup' })) : undefined

    const vus = Array.from({ length: plan.vus }, (_, i) => start(i + 1))
    await inScript('importing the script in a VU', Promise.all(vus.map((v) => v.loaded)))
    const ticker = setInterval(() => {
      const seconds = ((performance.now() - began) / 1000).toFixed(0)
      request.progress(`running (${seconds}s), ${plan.vus} VUs, ${metrics.count('iterations')} complete iterations`)
    }, progressEveryMs)
    try {
      await Promise.all(vus.map((v) => v.run({ phase: 'vu', data, deadline: Date.now() + plan.durationMs })))
    } finally {
      clearInterval(ticker)
    }
    if (script.functions.teardown) await inScript('teardown()', initVu.run({ phase: 'teardown', data }))
    // the whole test, setup to teardown, as k6 counts it for its per-second rates
    const seconds = (performance.now() - began) / 1000
    return { plan, metrics, seconds, thresholds: evaluateThresholds(plan.thresholds, metrics, seconds), iterationErrors }
  } finally {
    await Promise.all(started.map((user) => user.terminate()))
  }
}
