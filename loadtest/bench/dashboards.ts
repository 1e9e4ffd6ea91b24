/**
 * Dashboards benchmark (issue 8, acceptance 4): fills the stores through bulk paths with N
 * behaviour events and M purchases (10 million and 1 million by default), starts the real core and
 * analytics processes on them, and prints p50/p95 of the activity, campaign and cohort APIs.
 * Targets: activity ≤ 50 ms p95, cohort ≤ 300 ms p95.
 *
 *   bun loadtest/bench/dashboards.ts [--events 10000000] [--purchases 1000000] [--requests 200]
 *
 * Uses MYSQL_URL (database axon_bench_dashboards) and REDIS_URL when set, else servers of its own.
 * Figures go to stdout, progress to stderr.
 */
import { cpus } from 'node:os'
import { parseArgs } from 'node:util'
import { createMysqlPool } from '../../common/clients/mysql'
import { config } from '../../common/config'
import { createRedis } from '../../common/clients/redis'
import { stopWhenDone } from '../../infra/cli/support/session'
import { platformClient, type PlatformClient } from '../simulators/platform-client'
import { benchMain, progress } from './bench-main'
import { benchMysql } from './bench-mysql'
import { benchRedis } from './bench-redis'
import { createCatalog } from './dashboard-catalog'
import { measureDashboards, type Latency } from './dashboard-latency'
import { loadDashboardData } from './dashboard-load'
import { positive } from './options'
import { loadAtStart, table } from './report'
import { startBunServer } from './targets'
import { signedInAs } from '../../test/support/marketer'

const usage = `usage: bun loadtest/bench/dashboards.ts [options]
  --events N       behaviour events loaded, the purchases' backend events included (default 10000000)
  --purchases N    purchases loaded, three in ten of them promotion purchases (default 1000000)
  --campaigns N    campaigns, one a year's stretch apart (default 20)
  --activities N   activities per campaign (default 5)
  --requests N     measured requests per API (default 200)
  --seed N         the data's seed (default 1)`

const targets: Record<string, number> = { activity: 50, cohort: 300 }

function parseOptions(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: {
      events: { type: 'string', default: '10000000' }, purchases: { type: 'string', default: '1000000' },
      campaigns: { type: 'string', default: '20' }, activities: { type: 'string', default: '5' },
      requests: { type: 'string', default: '200' }, seed: { type: 'string', default: '1' },
    },
  })
  return {
    events: positive('--events', values.events), purchases: positive('--purchases', values.purchases),
    campaigns: positive('--campaigns', values.campaigns), activities: positive('--activities', values.activities),
    requests: positive('--requests', values.requests), seed: positive('--seed', values.seed),
  }
}

/** Waits for a run of each of core's scheduled jobs that began after the load (the cohort summaries). */
async function jobsCaughtUp(client: PlatformClient, loadedAt: number): Promise<string> {
  const listed = await client.admin('GET', '/jobs').catch(() => null)
  if (!listed) return "core has no jobs API (GET /api/v1/admin/jobs): no scheduled job was waited for"
  const runs = () => client.admin('GET', '/jobs').then((a) => (a.items ?? a.jobs ?? []) as { job: string; startedAt?: string; finishedAt?: string | null }[])
  const deadline = Date.now() + 20 * 60_000
  for (;;) {
    const jobs = await runs()
    const pending = jobs.filter((j) => !j.finishedAt || Date.parse(j.startedAt ?? '') < loadedAt)
    if (!pending.length) return `core's jobs ran after the load: ${jobs.map((j) => j.job).join(', ') || 'none listed'}`
    if (Date.now() > deadline) return `core's jobs ${pending.map((j) => j.job).join(', ')} had not run after the load within 20 minutes`
    progress(`waiting for core's jobs to run after the load: ${pending.map((j) => j.job).join(', ')}`)
    await Bun.sleep(10_000)
  }
}

function figuresTable(figures: Latency[]): string {
  return table(
    ['API', 'requests', 'ok', 'p50 ms', 'p95 ms', 'max ms', 'target p95 ms', 'other answers'],
    figures.map((f) => [
      f.api, String(f.requests), String(f.ok), f.p50.toFixed(1), f.p95.toFixed(1), f.max.toFixed(1),
      targets[f.api] ? `≤ ${targets[f.api]}${f.ok && f.p95 > targets[f.api]! ? ' MISSED' : ''}` : '-',
      Object.entries(f.failures).map(([status, n]) => `${n} × ${status}`).join(', ') || '-',
    ]),
  )
}

async function run(options: ReturnType<typeof parseOptions>): Promise<number> {
  const mysql = await benchMysql({ database: 'axon_bench_dashboards', durable: false })
  stopWhenDone('MariaDB', mysql.stop)
  const redisServer = await benchRedis('everysec')
  stopWhenDone('Redis', redisServer.stop)
  const pool = createMysqlPool({ url: mysql.url, connectionLimit: 2 })
  stopWhenDone('MySQL pool', () => pool.end())
  if (!config.mysqlUrl) await pool.query('SET GLOBAL innodb_buffer_pool_size = 2147483648')
  if (!config.redisUrl) {
    // ids start again at 1 in the re-created database: state of an earlier run must not meet them
    const redis = createRedis({ name: 'bench', url: redisServer.url })
    await redis.flushall().finally(() => redis.disconnect())
  }
  const common = { mysqlUrl: mysql.url, redisUrl: redisServer.url, logLevel: 'warn', internalToken: '', devTokens: false }
  const core = await startBunServer('core/main.ts', (corePort) => ({ ...common, corePort }))
  stopWhenDone('core', core.stop)
  // the cache off: every answer measured is computed
  const analytics = await startBunServer('analytics/main.ts', (analyticsPort) => ({ ...common, analyticsPort, reportingMysqlUrl: mysql.url, dashboardCacheSeconds: 0, cohortCacheSeconds: 0 }))
  stopWhenDone('analytics', analytics.stop)
  const client = platformClient({ gatewayUrl: '', coreUrl: core.url, analyticsUrl: analytics.url, internalToken: '' })

  progress(`MySQL: ${mysql.description}; creating ${options.campaigns} campaigns × ${options.activities} activities`)
  const catalog = await createCatalog(client, options.campaigns, options.activities)
  const loaded = await loadDashboardData(pool, catalog, options, progress)
  await pool.query('ANALYZE TABLE purchases, reservations, campaign_activity_entries, behavior_events, behavior_hourly_counts, behavior_visitors')
  const jobs = await jobsCaughtUp(client, Date.now())
  const { cookie } = await signedInAs(analytics.url, pool, 'analyst')
  const figures = await measureDashboards(analytics.url, cookie, catalog, options.requests, progress)

  const cores = cpus()
  console.log(`\nload average when the benchmark started: ${loadAtStart.toFixed(2)}`)
  console.log(`machine: ${cores.length} cores (${cores[0]?.model.trim() ?? 'unknown CPU'}), Bun ${Bun.version}; MySQL: ${mysql.description}; Redis: ${redisServer.description}`)
  console.log(`data: ${options.events.toLocaleString('en')} behaviour events, ${options.purchases.toLocaleString('en')} purchases of ${loaded.shoppers.toLocaleString('en')} shoppers (${loaded.entries.toLocaleString('en')} promotion entries), ${catalog.activities.length} activities in ${options.campaigns} campaigns; ${jobs}`)
  console.log('one request at a time, dashboard cache off (every answer computed)\n')
  console.log(figuresTable(figures))
  const hottest = figures.find((f) => f.api === 'activity')?.sample as { overview?: unknown } | undefined
  if (hottest?.overview) console.log(`\nthe hottest activity's overview: ${JSON.stringify(hottest.overview)}`)
  return 0
}

process.exit(await benchMain(Bun.argv.slice(2), usage, parseOptions, run))
