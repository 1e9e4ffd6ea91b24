/**
 * Core's HTTP app on real Redis and MariaDB, for tests that call it with `app.handle`, plus the
 * calls most tests start with (a campaign, a product, an activity).
 */
import { createBus } from '../../common/bus'
import type { Bus } from '../../common/bus/port'
import { createRedisStreamsBus } from '../../common/bus/redis-streams'
import { createActivityState, type ActivityState } from '../../core/activity-state/activity-state'
import { createCoreApp } from '../../core/app'
import type { JobRuns } from '../../core/jobs/job-runs'
import { createCoreMetrics } from '../../core/metrics'
import { createLogger } from '../../common/log'
import type { Pool } from '../../common/clients/mysql'
import { closeTestClients, testPool, testRedis } from './clients'

export interface Reply {
  status: number
  body: any
}

export interface TestCoreOptions {
  internalToken?: string
  /** what /health asks; defaults to Redis Streams over the test Redis connection: nothing more to close */
  bus?: Bus
  /** a Redis of the test's own instead of the suite's */
  redisUrl?: string
  /** wraps the real activity state, e.g. to make Redis fail at a chosen moment */
  activityState?: (real: ActivityState) => ActivityState
  /** the scheduled jobs' recorder the jobs API reads intervals from */
  jobRuns?: JobRuns
  /** as AXON_ENV=production: dev-only routes refuse */
  production?: boolean
  /** how long time travel waits for paid commands not yet applied */
  timeTravelWaitMs?: number
  /** a pool on another database than the suite's (an empty one, for empty pages); the caller closes it */
  pool?: Pool
}

export function testCoreApp(options: TestCoreOptions = {}) {
  const pool = options.pool ?? testPool()
  const redis = testRedis('core-test', false, options.redisUrl)
  const real = createActivityState(redis)
  const activityState = options.activityState?.(real) ?? real
  const log = createLogger({ process: 'core-test' }, 'error')
  const app = createCoreApp({
    pool,
    redis,
    bus: options.bus ?? createRedisStreamsBus(() => redis, log),
    activityState,
    metrics: createCoreMetrics(),
    log,
    internalToken: options.internalToken ?? '',
    jobRuns: options.jobRuns,
    production: options.production,
    timeTravelWaitMs: options.timeTravelWaitMs,
  })

  async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply> {
    const init: RequestInit = { method, headers: { ...headers } }
    if (body !== undefined) {
      init.body = JSON.stringify(body)
      ;(init.headers as Record<string, string>)['content-type'] = 'application/json'
    }
    const response = await app.handle(new Request(`http://localhost${path}`, init))
    const text = await response.text()
    return { status: response.status, body: text.startsWith('{') || text.startsWith('[') ? JSON.parse(text) : text }
  }

  /** A campaign, a product and an activity open from an hour ago for a day; `activity` overrides fields. */
  async function openActivity(activity: Record<string, unknown> = {}) {
    const campaign = await call('POST', '/api/v1/admin/campaigns', { name: 'Test campaign', budget: 1000 })
    const product = await call('POST', '/api/v1/admin/products', { name: 'Test product', price: 100 })
    const created = await call('POST', `/api/v1/admin/campaigns/${campaign.body.id}/activities`, {
      name: 'Test activity',
      productId: product.body.id,
      price: 80,
      limit: 10,
      startsAt: new Date(Date.now() - 3_600_000).toISOString(),
      endsAt: new Date(Date.now() + 86_400_000).toISOString(),
      status: 'ACTIVE',
      ...activity,
    })
    if (created.status !== 201) throw new Error(`could not create the test activity: ${JSON.stringify(created.body)}`)
    return { campaign: campaign.body, product: product.body, activity: created.body }
  }

  return { app, pool, redis, activityState, call, openActivity }
}

/** User ids far from the seed's and from other test files', so tests never share shoppers. */
export function freshUserIds(count: number): number[] {
  const base = 1_000_000_000 + Math.floor(Math.random() * 1_000_000_000)
  return Array.from({ length: count }, (_, i) => base + i)
}

const buses: Bus[] = []

/** The bus AXON_BUS names, on the test servers; closed by closeCoreTestClients. */
export function testBus(): Bus {
  const bus = createBus({ log: createLogger({ process: 'core-test' }, 'error') })
  buses.push(bus)
  return bus
}

export async function closeCoreTestClients(): Promise<void> {
  await Promise.all(buses.splice(0).map((bus) => bus.close()))
  await closeTestClients()
}
