/**
 * Ingestion benchmark: behaviour events per second accepted at /collect (wrk posting tracker
 * batches to the real gateway) and written by the sink (the real analytics process draining a
 * pre-filled stream into the MySQL store).
 *
 *   bun loadtest/bench/collect.ts [--phase accepted|written|both] [--connections 64] [--duration 10s]
 *                                 [--events 200000] [--sink-batch 500] (all flags: --help)
 *
 * wrk drives /collect rather than a Bun client: it spends a few percent of a core where a Bun
 * client would take as much CPU as the gateway it measures, on the same cores, and the reservation
 * benchmark's figures come from it too. Figures go to stdout, progress to stderr. Uses REDIS_URL
 * and MYSQL_URL (database axon_bench) when set, else servers of its own.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { cpus, tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { createRedisStreamsBus } from '../../common/bus/redis-streams'
import { createRedis } from '../../common/clients/redis'
import { createLogger } from '../../common/log'
import { stopWhenDone } from '../../infra/cli/support/session'
import { configuredFsync } from '../../infra/local/redis'
import { benchMain, progress } from './bench-main'
import { benchMysql } from './bench-mysql'
import { benchRedis } from './bench-redis'
import { measureAccepted, measureWritten, type AcceptedFigures, type IngestionContext, type WrittenFigures } from './ingestion-runs'
import { positive, seconds } from './options'
import { loadAtStart, table } from './report'
import { findWrk } from './wrk'

const usage = `usage: bun loadtest/bench/collect.ts [options]
  --phase accepted|written|both  /collect throughput, sink throughput, or both (default both)
  --connections N                wrk connections to /collect (default 64)
  --threads N                    wrk threads (default 2)
  --duration 10s                 measured /collect run (default 10s)
  --warmup 2s                    unmeasured /collect run first (default 2s)
  --bodies N                     distinct /collect bodies wrk rotates through (default 2000)
  --events N                     events pre-filled for the sink to drain (default 200000)
  --sink-batch N                 AXON_SINK_BATCH_SIZE of the analytics process (default 500)
  --sink-consumers N             AXON_SINK_CONSUMERS of the analytics process (default 4)`

function parseOptions(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: {
      phase: { type: 'string', default: 'both' },
      connections: { type: 'string', default: '64' },
      threads: { type: 'string', default: '2' },
      duration: { type: 'string', default: '10s' },
      warmup: { type: 'string', default: '2s' },
      bodies: { type: 'string', default: '2000' },
      events: { type: 'string', default: '200000' },
      'sink-batch': { type: 'string', default: '500' },
      'sink-consumers': { type: 'string', default: '4' },
    },
  })
  if (!['accepted', 'written', 'both'].includes(values.phase)) throw new Error(`--phase takes accepted, written or both, got "${values.phase}"`)
  return {
    accepted: values.phase !== 'written',
    written: values.phase !== 'accepted',
    collect: {
      connections: positive('--connections', values.connections),
      threads: positive('--threads', values.threads),
      seconds: seconds('--duration', values.duration),
      warmupSeconds: seconds('--warmup', values.warmup),
      bodies: positive('--bodies', values.bodies),
    },
    sink: {
      events: positive('--events', values.events),
      batchSize: positive('--sink-batch', values['sink-batch']),
      consumers: positive('--sink-consumers', values['sink-consumers']),
    },
  }
}

const n = (x: number) => Math.round(x).toLocaleString('en')

function acceptedTable(f: AcceptedFigures, connections: number): string {
  const e = f.wrk.socketErrors
  return table(
    ['/collect (gateway)', 'events/request', 'conns', 'secs', 'requests/s', 'events/s accepted', 'p50 ms', 'p99 ms', 'non-2xx', 'socket errors', 'CPU % gateway/redis/wrk'],
    [[
      'accepted',
      `${f.meanEvents.toFixed(1)} (${n(f.meanBytes)} B)`,
      String(connections),
      f.wrk.seconds.toFixed(1),
      n(f.wrk.requestsPerSecond),
      n(f.eventsAccepted / f.wrk.seconds),
      f.wrk.latencyMs.p50.toFixed(1),
      f.wrk.latencyMs.p99.toFixed(1),
      n(f.wrk.non2xx),
      n(e.connect + e.read + e.write + e.timeout),
      `${n(f.cpu.gateway)} / ${n(f.cpu.redis)} / ${n(f.cpu.wrk)}`,
    ]],
  )
}

function writtenTable(f: WrittenFigures): string {
  return table(
    ['sink (analytics + MySQL)', 'batch × consumers', 'events', 'secs', 'events/s handled', 'events/s written', 'mean batch write ms', 'CPU % analytics/mariadb/redis', 'store counts'],
    [[
      'written',
      `${f.batchSize} × ${f.consumers}`,
      n(f.events),
      f.seconds.toFixed(1),
      n(f.events / f.seconds),
      n(f.unique / f.seconds),
      f.meanBatchWriteMs.toFixed(1),
      `${n(f.cpu.analytics)} / ${f.cpu.mysql === null ? '-' : n(f.cpu.mysql)} / ${n(f.cpu.redis)}`,
      f.counted === f.countable ? `ok (${n(f.counted)} counted)` : `WRONG: ${n(f.counted)} of ${n(f.countable)}`,
    ]],
  )
}

async function run(options: ReturnType<typeof parseOptions>): Promise<number> {
  if (options.accepted) await findWrk()
  const redisServer = await benchRedis(configuredFsync)
  stopWhenDone('Redis', redisServer.stop)
  const redis = createRedis({ name: 'bench', url: redisServer.url })
  stopWhenDone('Redis connection', async () => void (await redis.quit()))
  const bus = createRedisStreamsBus(redisServer.url, createLogger({ process: 'bench' }, 'warn'))
  stopWhenDone('bus', () => bus.close())
  const scratchDir = mkdtempSync(join(tmpdir(), 'axon-bench-collect-'))
  stopWhenDone('scratch files', async () => rmSync(scratchDir, { recursive: true, force: true }))
  const ctx: IngestionContext = { redis, redisUrl: redisServer.url, bus, scratchDir, progress }
  const figures: string[] = []
  let storeOk = true

  if (options.accepted) figures.push(acceptedTable(await measureAccepted(ctx, options.collect), options.collect.connections))
  if (options.written) {
    const mysql = await benchMysql()
    stopWhenDone('MariaDB', mysql.stop)
    progress(`MySQL: ${mysql.description}`)
    const written = await measureWritten(ctx, mysql, options.sink)
    storeOk = written.counted === written.countable
    figures.push(writtenTable(written), `MySQL: ${mysql.description}`)
  }
  const cores = cpus()
  console.log(`\nload average when the benchmark started: ${loadAtStart.toFixed(2)} (anything above 0 is other work sharing the cores)`)
  console.log(`machine: ${cores.length} cores (${cores[0]?.model.trim() ?? 'unknown CPU'}), Bun ${Bun.version}; Redis: ${redisServer.description}`)
  console.log(`CPU %: share of one core during the run; wrk, Redis, MariaDB and the process measured share the machine\n`)
  console.log(figures.join('\n\n'))
  return storeOk ? 0 : 1
}

process.exit(await benchMain(Bun.argv.slice(2), usage, parseOptions, run))
