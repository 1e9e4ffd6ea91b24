/**
 * The two measurements of the ingestion benchmark, each through the real process:
 * - accepted: wrk posts tracker batches to the gateway's /collect (gateway/main.ts), which
 *   validates them and buffers them on the bus; figures from wrk and the gateway's counters.
 * - written: a stream pre-filled with N events is drained by the analytics process
 *   (analytics/main.ts: the sink and the MySQL store); timed from its /health (it subscribes right
 *   after) to the moment its consumer group has acknowledged the whole stream, then checked
 *   against the store's counts.
 */
import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import type { Redis } from 'ioredis'
import { createMysqlBehaviorStore } from '../../analytics/store/mysql'
import { isCounted } from '../../analytics/store/rollup-keys'
import type { Bus } from '../../common/bus/port'
import { groups, topics } from '../../common/topics'
import type { BehaviorEvent } from '../../common/schemas/behavior-event'
import { stopWhenDone } from '../../infra/cli/support/session'
import { groupCaughtUp } from '../../test/support/stream-backlog'
import { shopperTraffic } from '../generators/shopper-events'
import { counterBy, outcomesBetween, readMetrics, scrapeCounter } from './activity'
import type { BenchMysql } from './bench-mysql'
import { writeCollectBodies } from './collect-bodies'
import { processCpuSeconds, redisCpuSeconds } from './cpu'
import { startBunServer } from './targets'
import { runWrkScript, type WrkResult } from './wrk'

export interface IngestionContext {
  redis: Redis
  redisUrl: string
  bus: Bus
  scratchDir: string
  progress: (line: string) => void
}

/** Ids far above any real activity's, so a user's own Redis or MySQL is never confused by them. */
const benchIds = () => Array.from({ length: 5 }, () => 2_000_000_000 + Math.floor(Math.random() * 1_000_000_000))
/** share of one core over `seconds` */
const percent = (cpuSeconds: number, seconds: number) => (100 * cpuSeconds) / seconds

export interface AcceptedFigures {
  wrk: WrkResult
  meanEvents: number
  meanBytes: number
  eventsAccepted: number
  eventsRejected: number
  cpu: { gateway: number; redis: number; wrk: number }
}

export interface CollectRun {
  connections: number
  threads: number
  seconds: number
  warmupSeconds: number
  bodies: number
}

export async function measureAccepted(ctx: IngestionContext, run: CollectRun): Promise<AcceptedFigures> {
  const [campaignId, ...activityIds] = benchIds()
  const file = join(ctx.scratchDir, 'collect-bodies.txt')
  const written = await writeCollectBodies(file, { bodies: run.bodies, minEvents: 20, maxEvents: 50, activityIds, campaignId: campaignId! })
  ctx.progress(`${run.bodies.toLocaleString('en')} bodies of 20–50 events written (${written.meanBytes.toLocaleString('en')} bytes on average)`)
  const gateway = await startBunServer('gateway/main.ts', (port) => ({
    redisUrl: ctx.redisUrl,
    gatewayPort: port,
    userJwtSecret: randomBytes(48).toString('base64url'),
    // the benchmark is many storefronts behind one address: it measures /collect, not the limiter
    collectRateLimit: 0,
    devTokens: false,
    logLevel: 'warn',
  }))
  stopWhenDone('gateway', gateway.stop)
  const wrk = (seconds: number) =>
    runWrkScript({ url: `${gateway.url}/collect`, connections: run.connections, threads: run.threads, seconds, script: join(import.meta.dir, 'rotate-bodies.lua'), args: [file, String(run.threads)] })
  try {
    if (run.warmupSeconds > 0) await wrk(run.warmupSeconds)
    ctx.progress(`/collect: measuring ${run.seconds} s at ${run.connections} connections`)
    const before = { events: await scrapeCounter(gateway.url, 'axon_collect_events_total', 'result'), gateway: processCpuSeconds(gateway.pid), redis: await redisCpuSeconds(ctx.redis), at: performance.now() }
    const result = await wrk(run.seconds)
    const wall = (performance.now() - before.at) / 1000
    const events = outcomesBetween(before.events, await scrapeCounter(gateway.url, 'axon_collect_events_total', 'result'))
    return {
      wrk: result,
      meanEvents: written.events / run.bodies,
      meanBytes: written.meanBytes,
      eventsAccepted: events.accepted ?? 0,
      eventsRejected: events.rejected ?? 0,
      cpu: {
        gateway: percent(processCpuSeconds(gateway.pid) - before.gateway, wall),
        redis: percent((await redisCpuSeconds(ctx.redis)) - before.redis, wall),
        wrk: percent(result.cpuSeconds, wall),
      },
    }
  } finally {
    await gateway.stop()
    // nobody consumes what was accepted: drop it rather than leave it in the bench's Redis
    await ctx.redis.del(topics.eventRaw)
  }
}

export interface WrittenFigures {
  /** events the sink handled: written, duplicate or dead-lettered */
  events: number
  unique: number
  /** of the unique events, those the store counts (a tracker's PURCHASE is stored, counted nowhere) */
  countable: number
  seconds: number
  batchSize: number
  consumers: number
  meanBatchWriteMs: number
  counted: number
  cpu: { analytics: number; mysql: number | null; redis: number }
}

async function prefill(ctx: IngestionContext, events: number, activityIds: number[], campaignId: number): Promise<BehaviorEvent[]> {
  await ctx.redis.del(topics.eventRaw)
  const traffic = shopperTraffic({ events, duplicateShare: 0.05, malformedShare: 0, batchSize: 1000, activityIds, campaignId })
  for (const batch of traffic.batches as BehaviorEvent[][]) {
    await ctx.bus.publish(topics.eventRaw, batch.map((e) => ({ key: e.anonymousId!, value: JSON.stringify(e) })))
  }
  ctx.progress(`${events.toLocaleString('en')} events (5 % resent) waiting on ${topics.eventRaw}`)
  return traffic.unique
}

export interface SinkRun {
  events: number
  batchSize: number
  consumers: number
}

export async function measureWritten(ctx: IngestionContext, mysql: BenchMysql, { events, batchSize, consumers }: SinkRun): Promise<WrittenFigures> {
  const [campaignId, ...activityIds] = benchIds()
  const unique = await prefill(ctx, events, activityIds, campaignId!)
  const analytics = await startBunServer('analytics/main.ts', (port) => ({
    redisUrl: ctx.redisUrl,
    mysqlUrl: mysql.url,
    analyticsPort: port,
    sinkBatchSize: batchSize,
    sinkConsumers: consumers,
    logLevel: 'warn',
  }))
  stopWhenDone('analytics', analytics.stop)
  try {
    const before = { analytics: processCpuSeconds(analytics.pid), mysql: mysql.pid ? processCpuSeconds(mysql.pid) : 0, redis: await redisCpuSeconds(ctx.redis), at: performance.now() }
    // the group's position, read from Redis: scraping the sink's /metrics this often would cost it CPU
    for (let reported = Date.now(); !(await groupCaughtUp(ctx.redis, topics.eventRaw, groups.analyticsSink)); await Bun.sleep(50)) {
      if (Date.now() - reported < 5000) continue
      ctx.progress(`sink: draining, ${Math.round((performance.now() - before.at) / 1000)} s so far`)
      reported = Date.now()
    }
    const seconds = (performance.now() - before.at) / 1000
    const metrics = await readMetrics(analytics.url)
    const writes = counterBy(metrics, 'axon_sink_batch_write_seconds_sum', 'process')
    const batches = counterBy(metrics, 'axon_sink_batch_write_seconds_count', 'process')
    const handled = counterBy(metrics, 'axon_sink_events_total', 'result')
    return {
      events: Object.values(handled).reduce((n, v) => n + v, 0),
      unique: unique.length,
      countable: unique.filter(isCounted).length,
      seconds,
      batchSize,
      consumers,
      meanBatchWriteMs: (1000 * (writes.analytics ?? 0)) / (batches.analytics || 1),
      counted: await countedInStore(mysql.url, activityIds),
      cpu: {
        analytics: percent(processCpuSeconds(analytics.pid) - before.analytics, seconds),
        mysql: mysql.pid ? percent(processCpuSeconds(mysql.pid) - before.mysql, seconds) : null,
        redis: percent((await redisCpuSeconds(ctx.redis)) - before.redis, seconds),
      },
    }
  } finally {
    await analytics.stop()
  }
}

/** Every event the store counts for the bench's activities: must equal the countable unique events sent. */
async function countedInStore(url: string, activityIds: number[]): Promise<number> {
  const store = createMysqlBehaviorStore({ url, connectionLimit: 2 })
  try {
    const counts = await Promise.all(activityIds.map((activityId) => store.countByTrigger({ activityId })))
    return counts.flatMap((c) => Object.values(c)).reduce((n, c) => n + c, 0)
  } finally {
    await store.close()
  }
}
