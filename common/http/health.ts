/**
 * Health routes, the same on every process. `GET /health` asks each real dependency once, all at
 * the same time, each within a timeout: 200 `{status: 'ok', checks}` when every one answered, 503
 * `{status: 'unavailable', checks}` naming the ones that did not. Why one failed goes to the log,
 * not the body: the gateway's /health is public. For the same reason an answer is shared by every
 * caller for `reuseMs`: however often /health is called, each dependency is asked (and a failure
 * logged) at most once in that time. `GET /health/live` only says the process serves (a liveness
 * probe must not restart every pod while a shared dependency is down).
 */
import { Elysia } from 'elysia'
import type { Logger } from '../log'

/** Dependency name → a call that resolves when that dependency answers. */
export type HealthChecks = Record<string, () => Promise<unknown>>

type CheckResult = 'up' | 'down'

export interface HealthOptions {
  log: Logger
  /** longest wait for one dependency; a slower one counts as down */
  timeoutMs?: number
  /** how long an answer is given again to later callers */
  reuseMs?: number
}

async function probe(name: string, check: () => Promise<unknown>, timeoutMs: number, log: Logger): Promise<CheckResult> {
  let timer: Timer | undefined
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs)
  })
  try {
    await Promise.race([check(), timedOut])
    return 'up'
  } catch (error) {
    log.warn('health check failed', { dependency: name, error })
    return 'down'
  } finally {
    clearTimeout(timer)
  }
}

async function checkHealth(checks: HealthChecks, { log, timeoutMs = 1000 }: HealthOptions) {
  const names = Object.keys(checks)
  const results = await Promise.all(names.map((name) => probe(name, checks[name]!, timeoutMs, log)))
  const outcome = Object.fromEntries(names.map((name, i) => [name, results[i]!])) as Record<string, CheckResult>
  return { status: results.every((r) => r === 'up') ? ('ok' as const) : ('unavailable' as const), checks: outcome }
}

export function healthRoutes(checks: HealthChecks, options: HealthOptions) {
  const { reuseMs = 1000 } = options
  let last: { at: number; health: ReturnType<typeof checkHealth> } | undefined
  const shared = () => {
    if (!last || performance.now() - last.at >= reuseMs) last = { at: performance.now(), health: checkHealth(checks, options) }
    return last.health
  }
  return new Elysia({ name: 'axon-health', seed: Object.keys(checks) })
    .get('/health', async ({ set }) => {
      const health = await shared()
      if (health.status !== 'ok') set.status = 503
      return health
    })
    .get('/health/live', () => ({ status: 'ok' }))
}
