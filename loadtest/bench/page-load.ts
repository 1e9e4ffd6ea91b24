/**
 * Activity dashboard page load (issue 9, acceptance 3): on the dashboards benchmark's fill (10
 * million behaviour events by default, dashboard-stack.ts), the time until the browser holds the
 * whole HTML of /admin/dashboard/:id, which carries every widget's numbers (the first data: the
 * page is rendered on the server), and until the live stream's first message. Target: < 2 s.
 *
 *   bun loadtest/bench/page-load.ts [--events 10000000] [--purchases 1000000] [--requests 50]
 *
 * Uses MYSQL_URL (database axon_bench_dashboards, the dashboards benchmark's: --keep reuses its fill) and REDIS_URL when set, else servers of its own.
 */
import { signedInAs } from '../../test/support/marketer'
import { benchMain, progress } from './bench-main'
import { filledDashboardStack, parseFillArgs } from './dashboard-stack'
import { loadAtStart, table } from './report'

const usage = `usage: bun loadtest/bench/page-load.ts [options]
  --events N       behaviour events loaded (default 10000000)
  --purchases N    purchases loaded (default 1000000)
  --campaigns N    campaigns (default 20)
  --activities N   activities per campaign (default 5)
  --requests N     measured page loads (default 50)
  --seed N         the data's seed (default 1)
  --keep           reuse the database an earlier run filled with the same shape (else fill it)`

const targetMs = 2000

const parseOptions = (argv: string[]) => parseFillArgs(argv, 50)

/** Milliseconds until the whole page arrived. */
async function pageLoad(url: string, cookie: string): Promise<number> {
  const started = performance.now()
  const response = await fetch(url, { headers: { cookie } })
  const body = await response.text()
  if (response.status !== 200 || !body.includes('data-kpi="purchases"')) throw new Error(`${url} answered ${response.status}`)
  return performance.now() - started
}

/** Milliseconds until the live stream's first message (a producer started for this viewer). */
async function firstLiveMessage(url: string, cookie: string): Promise<number> {
  const started = performance.now()
  const controller = new AbortController()
  const response = await fetch(url, { headers: { cookie }, signal: controller.signal })
  await response.body!.getReader().read()
  const elapsed = performance.now() - started
  controller.abort()
  return elapsed
}

const percentile = (sorted: number[], p: number) => sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0

async function run(options: ReturnType<typeof parseOptions>): Promise<number> {
  const { mysql, pool, analytics, catalog } = await filledDashboardStack('axon_bench_dashboards', options)
  const { cookie } = await signedInAs(analytics.url, pool, 'analyst')
  const hottest = [...catalog.activities].sort((a, b) => b.weight - a.weight).slice(0, 20)
  const rows: string[][] = []
  for (const [what, path, measure] of [
    ['page (HTML with every widget)', '', pageLoad],
    ['first live message', '/stream', firstLiveMessage],
  ] as const) {
    progress(`measuring ${what}: ${options.requests} loads over ${hottest.length} activities`)
    const times: number[] = []
    for (let i = 0; i < options.requests; i++) {
      times.push(await measure(`${analytics.url}/admin/dashboard/${hottest[i % hottest.length]!.id}${path}`, cookie))
      // the producer of a stream stops when its viewer leaves: the next load starts a fresh one
      await Bun.sleep(50)
    }
    times.sort((a, b) => a - b)
    const p95 = percentile(times, 95)
    rows.push([what, String(times.length), percentile(times, 50).toFixed(0), p95.toFixed(0), times.at(-1)!.toFixed(0), `< ${targetMs}${p95 >= targetMs ? ' MISSED' : ''}`])
  }
  console.log(`\nload average when the benchmark started: ${loadAtStart.toFixed(2)}; Bun ${Bun.version}; MySQL: ${mysql.description}`)
  console.log(`data: ${options.events.toLocaleString('en')} behaviour events, ${options.purchases.toLocaleString('en')} purchases, ${catalog.activities.length} activities; one load at a time, dashboard cache off\n`)
  console.log(table(['what', 'loads', 'p50 ms', 'p95 ms', 'max ms', 'target p95 ms'], rows))
  return 0
}

process.exit(await benchMain(Bun.argv.slice(2), usage, parseOptions, run))
