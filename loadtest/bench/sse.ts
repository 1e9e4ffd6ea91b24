/**
 * Live dashboard benchmark (issue 9, acceptance 3): N concurrent SSE viewers of one activity's
 * dashboard stream, in steps up to 10,000. At each step it prints the analytics process's RSS,
 * MySQL queries/s and Redis commands/s (whole servers, so also the sink's and core's own
 * background work: the 0-viewer row), and messages per viewer per second. The activity's stock
 * changes four times a second, so every tick sends a new frame to every viewer. Target: queries per tick
 * flat as viewers grow, 10,000 viewers under 400 MB RSS.
 *
 *   bun loadtest/bench/sse.ts [--viewers 1,1000,5000,10000] [--seconds 10]
 *
 * Uses MYSQL_URL (database axon_bench_sse) and REDIS_URL when set, else servers of its own.
 */
import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { createMysqlPool, type Pool, type RowDataPacket } from '../../common/clients/mysql'
import { createRedis, type Redis } from '../../common/clients/redis'
import { activityKeys } from '../../common/redis/keys'
import { stopWhenDone } from '../../infra/cli/support/session'
import { platformClient } from '../simulators/platform-client'
import { benchMain, progress } from './bench-main'
import { benchMysql } from './bench-mysql'
import { benchRedis } from './bench-redis'
import { positive } from './options'
import { loadAtStart, table } from './report'
import { closeViewers, firstMessages, openViewers, type Viewer } from './sse-viewers'
import { startBunServer } from './targets'

const usage = `usage: bun loadtest/bench/sse.ts [options]
  --viewers LIST   viewer counts to step through, ascending (default 1,1000,5000,10000)
  --seconds N      measured seconds per step (default 10)`

function parseOptions(argv: string[]) {
  const { values } = parseArgs({ args: argv, options: { viewers: { type: 'string', default: '1,1000,5000,10000' }, seconds: { type: 'string', default: '10' } } })
  const steps = values.viewers.split(',').map((v) => positive('--viewers', v.trim()))
  if (steps.some((n, i) => i > 0 && n < steps[i - 1]!)) throw new Error('--viewers must be ascending')
  return { steps, seconds: positive('--seconds', values.seconds) }
}

/** CPU seconds the process has used (user + system), from /proc. */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
  return (Number(fields[11]) + Number(fields[12])) / 100
}

function rssMb(pid: number): number {
  const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0)
  return kb / 1024
}

async function serverCounters(pool: Pool, redis: Redis) {
  const [rows] = await pool.query<RowDataPacket[]>("SHOW GLOBAL STATUS LIKE 'Questions'")
  const info = await redis.info('stats')
  return { mysql: Number(rows[0]?.Value ?? 0), redis: Number(/total_commands_processed:(\d+)/.exec(info)?.[1] ?? 0) }
}

interface Step {
  viewers: number
  connected: number
  rss: number
  mysqlPerSecond: number
  redisPerSecond: number
  messagesPerViewerSecond: number
  cpuPercent: number
}

async function measure(pool: Pool, redis: Redis, analyticsPid: number, viewers: Viewer[], seconds: number): Promise<Step> {
  const before = await serverCounters(pool, redis)
  const messagesBefore = viewers.reduce((sum, v) => sum + v.messages, 0)
  const cpuBefore = cpuSeconds(analyticsPid)
  const started = performance.now()
  await Bun.sleep(seconds * 1000)
  const after = await serverCounters(pool, redis)
  const elapsed = (performance.now() - started) / 1000
  const live = viewers.filter((v) => !v.closed && v.status === 200)
  const messages = viewers.reduce((sum, v) => sum + v.messages, 0) - messagesBefore
  return {
    viewers: viewers.length,
    connected: live.length,
    rss: rssMb(analyticsPid),
    // the counters' own reads: 2 MySQL statements and 1 INFO (the bench's stock changes are taken off below)
    mysqlPerSecond: (after.mysql - before.mysql - 1) / elapsed,
    redisPerSecond: (after.redis - before.redis - 1) / elapsed - 4,
    messagesPerViewerSecond: live.length ? messages / live.length / elapsed : 0,
    cpuPercent: ((cpuSeconds(analyticsPid) - cpuBefore) / elapsed) * 100,
  }
}

async function run(options: ReturnType<typeof parseOptions>): Promise<number> {
  const mysql = await benchMysql({ database: 'axon_bench_sse', durable: false })
  stopWhenDone('MariaDB', mysql.stop)
  const redisServer = await benchRedis('everysec')
  stopWhenDone('Redis', redisServer.stop)
  const pool = createMysqlPool({ url: mysql.url, connectionLimit: 1 })
  stopWhenDone('MySQL pool', () => pool.end())
  const redis = createRedis({ name: 'bench', url: redisServer.url })
  stopWhenDone('Redis client', async () => void (await redis.quit()))
  await redis.flushall()
  const common = { mysqlUrl: mysql.url, redisUrl: redisServer.url, logLevel: 'warn', internalToken: '', devTokens: false }
  const core = await startBunServer('core/main.ts', (corePort) => ({ ...common, corePort }))
  stopWhenDone('core', core.stop)
  const analytics = await startBunServer('analytics/main.ts', (analyticsPort) => ({ ...common, analyticsPort, reportingMysqlUrl: mysql.url }))
  stopWhenDone('analytics', analytics.stop)

  const client = platformClient({ gatewayUrl: '', coreUrl: core.url, analyticsUrl: analytics.url, internalToken: '' })
  const product = await client.admin('POST', '/products', { name: 'Bench coat', price: 55_000 })
  const campaign = await client.admin('POST', '/campaigns', { name: 'Bench live sale', budget: 1_000_000 })
  const now = Date.now()
  const activity = await client.admin('POST', `/campaigns/${campaign.id}/activities`, {
    name: 'Bench flash sale', productId: product.id, price: 39_000, limit: 100_000,
    startsAt: new Date(now - 3_600_000).toISOString(), endsAt: new Date(now + 86_400_000).toISOString(), status: 'ACTIVE',
  })
  const streamUrl = `${analytics.url}/admin/dashboard/${activity.id}/stream`
  const headers = await viewerHeaders(analytics.url)

  // the stock sells down four times a second: every tick has a new frame for every viewer
  const stockKey = activityKeys(activity.id).stock
  const mover = setInterval(() => void redis.decr(stockKey), 250)
  stopWhenDone('stock mover', async () => clearInterval(mover))

  const steps: Step[] = [await measure(pool, redis, analytics.pid, [], options.seconds)]
  progress(`0 viewers: ${JSON.stringify(steps[0])}`)
  const viewers: Viewer[] = []
  stopWhenDone('viewers', async () => closeViewers(viewers))
  for (const target of options.steps) {
    viewers.push(...(await openViewers(streamUrl, target - viewers.length, headers)))
    await firstMessages(viewers, 60_000)
    await Bun.sleep(2000)
    const step = await measure(pool, redis, analytics.pid, viewers, options.seconds)
    progress(`${target} viewers: ${JSON.stringify(step)}`)
    steps.push(step)
  }

  console.log(`\nload average when the benchmark started: ${loadAtStart.toFixed(2)}; Bun ${Bun.version}; MySQL: ${mysql.description}; Redis: ${redisServer.description}`)
  console.log(`one activity, its stock changing four times a second; ${options.seconds} s measured per step after all viewers had their first message\n`)
  console.log(
    table(
      ['viewers', 'streaming', 'analytics RSS MB', 'analytics CPU %', 'MySQL queries/s', 'Redis commands/s', 'messages/viewer/s'],
      steps.map((s) => [
        String(s.viewers), String(s.connected), s.rss.toFixed(0), s.cpuPercent.toFixed(0),
        s.mysqlPerSecond.toFixed(1), s.redisPerSecond.toFixed(1), s.messagesPerViewerSecond.toFixed(2),
      ]),
    ),
  )
  return 0
}

/** What a viewer sends besides the request line: nothing until the dashboards need a session. */
async function viewerHeaders(_analyticsUrl: string): Promise<Record<string, string>> {
  return {}
}

process.exit(await benchMain(Bun.argv.slice(2), usage, parseOptions, run))
