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
import { jobsRanSince } from '../simulators/core-jobs'
import { benchMain, progress } from './bench-main'
import { measureDashboards, type Latency } from './dashboard-latency'
import { filledDashboardStack, parseFillArgs } from './dashboard-stack'
import { loadAtStart, table } from './report'
import { signedInAs } from '../../test/support/marketer'

const usage = `usage: bun loadtest/bench/dashboards.ts [options]
  --events N       behaviour events loaded, the purchases' backend events included (default 10000000)
  --purchases N    purchases loaded, three in ten of them promotion purchases (default 1000000)
  --campaigns N    campaigns, one a year's stretch apart (default 20)
  --activities N   activities per campaign (default 5)
  --requests N     measured requests per API (default 200)
  --seed N         the data's seed (default 1)
  --keep           reuse the database an earlier run filled with the same shape (else fill it)`

const targets: Record<string, number> = { activity: 50, cohort: 300 }

const parseOptions = (argv: string[]) => parseFillArgs(argv, 200)

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
  const { mysql, redis: redisServer, pool, analytics, client, catalog, loaded } = await filledDashboardStack('axon_bench_dashboards', options)
  const jobs = await jobsRanSince(client, Date.now(), { timeoutMs: 30 * 60_000, progress })
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
