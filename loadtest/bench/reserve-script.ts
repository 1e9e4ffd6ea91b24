/**
 * What one reservation costs Redis itself: runs the gateway's reserve script N times (every call
 * a RESERVED, `--concurrency` in flight) on a fresh activity and reads Redis's own accounting —
 * µs of Redis CPU per call (INFO commandstats, the script's body, not the network or the client),
 * AOF bytes written per call, and memory held per hold. Unlike requests/s over HTTP, these barely
 * move when other work shares the machine, so two versions of the script can be compared.
 *
 *   bun loadtest/bench/reserve-script.ts [--calls 50000] [--concurrency 64] [--runs 3]
 *
 * Redis: REDIS_URL, else the benchmark's own redis-server (bench-redis.ts, AOF as AXON_REDIS_FSYNC).
 */
import { parseArgs } from 'node:util'
import type { Redis } from 'ioredis'
import { createRedis } from '../../common/clients/redis'
import { config, type RedisFsync } from '../../common/config'
import { reservationToken } from '../../common/redis/keys'
import { reservationScripts } from '../../gateway/lua/scripts'
import { benchActivities } from './activity'
import { benchMain, progress } from './bench-main'
import { benchRedis } from './bench-redis'

const usage = 'usage: bun loadtest/bench/reserve-script.ts [--calls 50000] [--concurrency 64] [--runs 3]'

function parse(argv: string[]) {
  const { values } = parseArgs({ args: argv, options: { calls: { type: 'string', default: '50000' }, concurrency: { type: 'string', default: '64' }, runs: { type: 'string', default: '3' } } })
  const [calls, concurrency, runs] = [values.calls, values.concurrency, values.runs].map(Number) as [number, number, number]
  if (![calls, concurrency, runs].every((n) => Number.isInteger(n) && n > 0)) throw new Error('--calls, --concurrency and --runs take whole numbers above 0')
  return { calls, concurrency, runs }
}

/** A number INFO reports on a line of its own, e.g. `aof_current_size:1234` */
async function infoNumber(redis: Redis, section: string, field: string): Promise<number> {
  return Number(new RegExp(`^${field}:(\\d+)`, 'm').exec(await redis.info(section))?.[1] ?? NaN)
}

/** Redis CPU µs per EVALSHA since the last CONFIG RESETSTAT (`cmdstat_evalsha:…,usec_per_call=…`) */
async function usPerScriptCall(redis: Redis): Promise<number> {
  return Number(/^cmdstat_evalsha:.*usec_per_call=([0-9.]+)/m.exec(await redis.info('commandstats'))?.[1] ?? NaN)
}

async function measure(redis: Redis, calls: number, concurrency: number) {
  const outbox = `bench.reserve-script.${crypto.randomUUID()}`
  const scripts = reservationScripts(redis, { outbox })
  const activities = benchActivities(redis)
  const id = await activities.publish(calls)
  await scripts.reserve({ activityId: id, userId: 1, token: reservationToken(id, 'warm'), now: Date.now(), ttlMs: 3_600_000 })
  const memoryBefore = await infoNumber(redis, 'memory', 'used_memory')
  await redis.config('RESETSTAT')
  const aofBefore = await infoNumber(redis, 'persistence', 'aof_current_size')
  let next = 2
  const started = performance.now()
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let userId = next++; userId <= calls; userId = next++) {
        const reply = await scripts.reserve({ activityId: id, userId, token: reservationToken(id, `t${userId}`), now: Date.now(), ttlMs: 3_600_000 })
        if (reply[0] !== 1) throw new Error(`reserve answered ${reply[0]}`)
      }
    }),
  )
  const seconds = (performance.now() - started) / 1000
  const reserved = calls - 1
  const result = {
    redisUsPerCall: await usPerScriptCall(redis),
    aofBytesPerCall: ((await infoNumber(redis, 'persistence', 'aof_current_size')) - aofBefore) / reserved,
    memoryBytesPerHold: ((await infoNumber(redis, 'memory', 'used_memory')) - memoryBefore) / reserved,
    callsPerSecond: reserved / seconds,
  }
  await activities.remove(id)
  await redis.del(outbox)
  return result
}

async function run(options: ReturnType<typeof parse>): Promise<number> {
  const server = await benchRedis(config.redisFsync as RedisFsync)
  const redis = createRedis({ name: 'bench-reserve-script', url: server.url })
  try {
    console.log(`Redis: ${server.description}; ${options.calls.toLocaleString('en')} reserve calls per run, ${options.concurrency} in flight`)
    console.log('| run | Redis µs/call | AOF bytes/call | memory bytes/hold | calls/s |\n|---:|---:|---:|---:|---:|')
    for (let i = 1; i <= options.runs; i++) {
      progress(`run ${i}`)
      const r = await measure(redis, options.calls, options.concurrency)
      console.log(`| ${i} | ${r.redisUsPerCall.toFixed(2)} | ${Math.round(r.aofBytesPerCall)} | ${Math.round(r.memoryBytesPerHold)} | ${Math.round(r.callsPerSecond).toLocaleString('en')} |`)
    }
    return 0
  } finally {
    redis.disconnect()
    await server.stop()
  }
}

process.exit(await benchMain(Bun.argv.slice(2), usage, parse, run))
