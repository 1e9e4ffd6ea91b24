/**
 * Activity dashboard page load (issue 9, acceptance 3): on the dashboards benchmark's fill (10
 * million behaviour events by default, dashboard-stack.ts), the time until the browser holds the
 * whole HTML of /admin/dashboard/:id, which carries every widget's numbers (the first data: the
 * page is rendered on the server), and until the live stream's first message, with the dashboard
 * cache off (every widget computed) and on. Target: < 2 s.
 *
 *   bun loadtest/bench/page-load.ts [--events 10000000] [--purchases 1000000] [--requests 50]
 *
 * Uses MYSQL_URL (database axon_bench_dashboards, the dashboards benchmark's: --keep reuses its fill) and REDIS_URL when set, else servers of its own.
 */
import { loadavg } from 'node:os'
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
  const { mysql, pool, analytics, analyticsCached, catalog } = await filledDashboardStack('axon_bench_dashboards', options)
  const hottest = [...catalog.activities].sort((a, b) => b.weight - a.weight).slice(0, 20)
  const rows: string[][] = []
  for (const [cache, server] of [['off', analytics], ['on', analyticsCached]] as const) {
    // a session is signed by the process that made it: one per analytics process
    const { cookie } = await signedInAs(server.url, pool, 'analyst')
    for (const [what, path, measure] of [
      ['page (HTML with every widget)', '', pageLoad],
      ['first live message', '/stream', firstLiveMessage],
    ] as const) {
      progress(`cache ${cache}, measuring ${what}: ${options.requests} loads over ${hottest.length} activities`)
      const times: number[] = []
      // unmeasured: one load of each activity first (with the cache on, what a marketer who opened it before finds)
      for (let i = -hottest.length; i < options.requests; i++) {
        const ms = await measure(`${server.url}/admin/dashboard/${hottest[(i + hottest.length) % hottest.length]!.id}${path}`, cookie)
        if (i >= 0) times.push(ms)
        // the producer of a stream stops when its viewer leaves: the next load starts a fresh one
        await Bun.sleep(50)
      }
      times.sort((a, b) => a - b)
      const p95 = percentile(times, 95)
      rows.push([cache, what, String(times.length), percentile(times, 50).toFixed(0), p95.toFixed(0), times.at(-1)!.toFixed(0), `< ${targetMs}${p95 >= targetMs ? ' MISSED' : ''}`, loadavg()[0]!.toFixed(2)])
    }
  }
  console.log(`\nload average when the benchmark started: ${loadAtStart.toFixed(2)}; Bun ${Bun.version}; MySQL: ${mysql.description}`)
  console.log(`data: ${options.events.toLocaleString('en')} behaviour events, ${options.purchases.toLocaleString('en')} purchases, ${catalog.activities.length} activities; one load at a time, dashboard cache off and on\n`)
  console.log(table(['dashboard cache', 'what', 'loads', 'p50 ms', 'p95 ms', 'max ms', 'target p95 ms', 'load average after'], rows))
  return 0
}

process.exit(await benchMain(Bun.argv.slice(2), usage, parseOptions, run))
