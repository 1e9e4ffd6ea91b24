/**
 * Reservation benchmark: reservations/s and latency through a real HTTP server, driven by wrk.
 *
 *   bun loadtest/bench/reservations.ts [--target product|bare|lock|…|all] [--regime reserved|sold-out|both]
 *                                      [--connections 256] [--duration 15s] [--fsync always|everysec] [--record-holds]
 *                                      (all flags: --help)
 *
 * For each target it starts the server as its own process, and for each stock regime publishes a
 * fresh activity, warms up on another, measures, then checks the stock accounting in Redis.
 * Figures go to stdout, progress to stderr. Uses REDIS_URL when set, else a redis-server of its own.
 */
import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import type { Redis } from 'ioredis'
import { createRedis } from '../../common/clients/redis'
import { config, projectRoot } from '../../common/config'
import { createLogger } from '../../common/log'
import { noHoldsSeen, readNewHolds, recorderSlackMs, recorderSweepPage } from '../../core/activity-state/hold-recorder'
import { every } from '../../core/jobs/every'
import { stopWhenDone } from '../../infra/cli/support/session'
import { benchMain, progress } from './bench-main'
import { benchActivities, outcomesBetween, scrapeOutcomes, type Outcomes } from './activity'
import { benchRedis } from './bench-redis'
import { processCpuSeconds, redisCpuSeconds, type CpuShare } from './cpu'
import { parseBenchOptions, usage, type BenchOptions, type Regime } from './options'
import { accountingLines, figuresTable, machineLines, type RunFigures } from './report'
import { shopperPools, type ShopperPools } from './shoppers'
import { startTarget, targets, type RunningTarget } from './targets'
import { findWrk, runWrk } from './wrk'

const silent = createLogger({}, 'error')

/** no hold may lapse during a run, or RESERVED answers would no longer equal holds */
const holdTtlSeconds = 3600
/** each /metrics scrape costs the gateway 10–30 ms of CPU (prom-client default metrics), so not often */
const progressEveryMs = 5000
/** the lock baseline's waiters give up after 5 s; nothing should still be running after this */
const settleTimeoutMs = 15_000

interface Context {
  options: BenchOptions
  redis: Redis
  activities: ReturnType<typeof benchActivities>
  pools: ShopperPools
}

function describeOutcomes(outcomes: Outcomes): string {
  const parts = Object.entries(outcomes).map(([o, c]) => `${o} ${c.toLocaleString('en')}`)
  return parts.length ? parts.join(', ') : 'no answers yet'
}

/** Waits until the target's counters stop moving: requests wrk gave up on may still be in flight. */
async function settle(url: string, from: Outcomes): Promise<Outcomes> {
  let last = await scrapeOutcomes(url)
  const deadline = Date.now() + settleTimeoutMs
  for (;;) {
    await Bun.sleep(250)
    const now = await scrapeOutcomes(url)
    if (JSON.stringify(now) === JSON.stringify(last) || Date.now() > deadline) return outcomesBetween(from, now)
    last = now
  }
}

function reportProgress(target: RunningTarget, before: Outcomes, label: string) {
  const started = Date.now()
  return setInterval(async () => {
    const soFar = outcomesBetween(before, await scrapeOutcomes(target.url).catch(() => before))
    progress(`  ${label} ${Math.round((Date.now() - started) / 1000)} s: ${describeOutcomes(soFar)}`)
  }, progressEveryMs)
}

/** One wrk run against a fresh activity; returns the activity id, what wrk saw and where the CPU went. */
async function drive(ctx: Context, target: RunningTarget, limit: number, seconds: number, label: string) {
  const id = await ctx.activities.publish(limit)
  const before = await scrapeOutcomes(target.url)
  const cpuBefore = { target: processCpuSeconds(target.pid), redis: await redisCpuSeconds(ctx.redis), at: performance.now() }
  const ticker = reportProgress(target, before, label)
  const recorder = ctx.options.recordHolds ? recorderReads(ctx.redis, id) : undefined
  try {
    const { shopperHeader } = target.spec
    const wrk = await runWrk({
      url: `${target.url}/api/v1/activities/${id}/reservations`,
      connections: ctx.options.connections,
      threads: ctx.options.threads,
      seconds,
      shoppersFile: await ctx.pools.file(shopperHeader.kind),
      header: shopperHeader,
    })
    const wall = (performance.now() - cpuBefore.at) / 1000
    const percent = (cpuSeconds: number) => (100 * cpuSeconds) / wall
    const cpu: CpuShare = {
      target: percent(processCpuSeconds(target.pid) - cpuBefore.target),
      redis: percent((await redisCpuSeconds(ctx.redis)) - cpuBefore.redis),
      wrk: percent(wrk.cpuSeconds),
    }
    return { id, wrk, cpu, outcomes: await settle(target.url, before) }
  } finally {
    clearInterval(ticker)
    await recorder?.stop()
  }
}

/** The Redis half of core's hold recorder on one activity (core/activity-state/hold-recorder.ts), until stopped. */
function recorderReads(redis: Redis, activityId: number) {
  const seen = noHoldsSeen()
  let holds = 0
  const job = every(config.holdRecordIntervalMs, 'bench: hold recorder reads', silent, () =>
    readNewHolds(redis, activityId, seen, { slackMs: recorderSlackMs, sweepPage: recorderSweepPage }, async (page) => void (holds += page.length)),
  )
  return {
    async stop() {
      await job.stop()
      progress(`  the hold recorder read ${holds.toLocaleString('en')} new holds`)
    },
  }
}

async function measure(ctx: Context, target: RunningTarget, regime: Regime): Promise<RunFigures> {
  const { options, activities } = ctx
  const limit = regime === 'reserved' ? options.shoppers : options.soldOutStock
  const name = `${target.spec.name}/${regime}`
  if (options.warmupSeconds > 0) {
    progress(`${name}: warming up for ${options.warmupSeconds} s (not measured)`)
    await activities.remove((await drive(ctx, target, limit, options.warmupSeconds, 'warm-up')).id)
  }
  progress(`${name}: measuring ${options.durationSeconds} s at ${options.connections} connections, stock ${limit.toLocaleString('en')}`)
  const { id, wrk, cpu, outcomes } = await drive(ctx, target, limit, options.durationSeconds, name)
  const accounting = await activities.account(id, limit, outcomes)
  await activities.remove(id)
  progress(`${name}: ${Math.round(wrk.requestsPerSecond).toLocaleString('en')} requests/s, p99 ${wrk.latencyMs.p99.toFixed(1)} ms`)
  return { target: target.spec.name, regime, connections: options.connections, wrk, cpu, outcomes, accounting }
}

async function benchmark(ctx: Context, redisUrl: string, secret: string): Promise<RunFigures[]> {
  const runs: RunFigures[] = []
  const profiles = join(projectRoot, '.axon/bench-profiles', new Date().toISOString().replace(/[:.]/g, '-'))
  for (const name of ctx.options.targets) {
    const spec = targets[name]
    const profileDir = ctx.options.cpuProfile ? join(profiles, name) : undefined
    progress(`starting ${name} (${spec.summary}): bun ${spec.preload ? `--preload ${spec.preload} ` : ''}${spec.entry}`)
    const target = await startTarget(spec, { redisUrl, userJwtSecret: secret, holdTtlSeconds, profileDir })
    // stopping twice is harmless: on Ctrl-C this stops it, otherwise the finally below does
    stopWhenDone(name, target.stop)
    try {
      for (const regime of ctx.options.regimes) runs.push(await measure(ctx, target, regime))
    } finally {
      await target.stop()
    }
    if (profileDir) progress(`CPU profile of ${name} (Markdown, hottest functions first): ${profileDir}/`)
  }
  return runs
}

async function run(options: BenchOptions): Promise<number> {
  await findWrk()
  const server = await benchRedis(options.fsync)
  stopWhenDone('Redis', server.stop)
  progress(`Redis: ${server.description}`)
  const redis = createRedis({ name: 'bench', url: server.url })
  stopWhenDone('Redis connection', async () => void (await redis.quit()))
  // a secret of this run only: the tokens it signs are worthless anywhere else
  const secret = randomBytes(48).toString('base64url')
  const pools = shopperPools(options.shoppers, secret, progress)
  stopWhenDone('shopper files', async () => pools.remove())

  const runs = await benchmark({ options, redis, activities: benchActivities(redis), pools }, server.url, secret)
  console.log(`\n${machineLines(options, server.description)}\n`)
  console.log(figuresTable(runs, options.durationSeconds))
  console.log(`\nstock accounting after each run:\n${accountingLines(runs)}`)
  return 0
}

process.exit(await benchMain(Bun.argv.slice(2), usage, parseBenchOptions, run))
