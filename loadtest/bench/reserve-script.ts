/**
 * What one reservation costs Redis itself: runs the gateway's reserve script N times (every call
 * a RESERVED, `--concurrency` in flight) on a fresh activity and reads Redis's own accounting —
 * µs per call inside Redis (INFO commandstats: the script's body, not the network or the client;
 * wall-clock, so a machine busy with other work inflates it), AOF bytes written per call (the
 * automatic AOF rewrite is held off meanwhile, one in progress waited for), and memory per hold (with the command stream's
 * entries, which the bus trims once core's workers acknowledge them). AOF bytes and memory do not
 * depend on the machine's load, so two versions of the script compare exactly on them.
 *
 *   bun loadtest/bench/reserve-script.ts [--checkout DIR] [--calls 50000] [--concurrency 64] [--runs 3]
 *
 * DIR: another checkout's root (as for reserve-instructions.ts): its script, with its tokens.
 * Redis: REDIS_URL, else the benchmark's own redis-server (bench-redis.ts, AOF as AXON_REDIS_FSYNC).
 */
import { parseArgs } from 'node:util'
import type { Redis } from 'ioredis'
import { createRedis } from '../../common/clients/redis'
import { config, projectRoot, type RedisFsync } from '../../common/config'
import { benchActivities } from './activity'
import { benchMain, progress } from './bench-main'
import { benchRedis } from './bench-redis'
import { checkoutDir, checkoutReserve, reserveMany, type CheckoutReserve } from './reserve-calls'

const usage = 'usage: bun loadtest/bench/reserve-script.ts [--checkout DIR] [--calls 50000] [--concurrency 64] [--runs 3]'

function parse(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: {
      checkout: { type: 'string', default: projectRoot },
      calls: { type: 'string', default: '50000' },
      concurrency: { type: 'string', default: '64' },
      runs: { type: 'string', default: '3' },
    },
  })
  const [calls, concurrency, runs] = [values.calls, values.concurrency, values.runs].map(Number) as [number, number, number]
  if (![calls, concurrency, runs].every((n) => Number.isInteger(n) && n > 0)) throw new Error('--calls, --concurrency and --runs take whole numbers above 0')
  const checkout = checkoutDir(values.checkout)
  return { checkout, calls, concurrency, runs }
}

/** A number INFO reports on a line of its own, e.g. `aof_current_size:1234` */
async function infoNumber(redis: Redis, section: string, field: string): Promise<number> {
  return Number(new RegExp(`^${field}:(\\d+)`, 'm').exec(await redis.info(section))?.[1] ?? NaN)
}

/** Redis CPU µs per EVALSHA since the last CONFIG RESETSTAT (`cmdstat_evalsha:…,usec_per_call=…`) */
async function usPerScriptCall(redis: Redis): Promise<number> {
  return Number(/^cmdstat_evalsha:.*usec_per_call=([0-9.]+)/m.exec(await redis.info('commandstats'))?.[1] ?? NaN)
}

async function measure(redis: Redis, { reservationScripts, token }: CheckoutReserve, calls: number, concurrency: number) {
  const outbox = `bench.reserve-script.${crypto.randomUUID()}`
  const scripts = reservationScripts(redis, { outbox })
  const activities = benchActivities(redis)
  const id = await activities.publish(calls + 1)
  // loads the script and the activity's keys, so the first measured call is like the others
  await scripts.reserve({ activityId: id, userId: calls + 1, token: token(id, Date.now()), now: Date.now(), ttlMs: 3_600_000 })
  const [, rewrite] = (await redis.config('GET', 'auto-aof-rewrite-percentage')) as [string, string]
  try {
    await redis.config('SET', 'auto-aof-rewrite-percentage', '0')
    // one started before (by the previous run's growth) would shrink the file mid-run
    while ((await infoNumber(redis, 'persistence', 'aof_rewrite_in_progress')) || (await infoNumber(redis, 'persistence', 'aof_rewrite_scheduled'))) await Bun.sleep(100)
    const memoryBefore = await infoNumber(redis, 'memory', 'used_memory')
    await redis.config('RESETSTAT')
    const aofBefore = await infoNumber(redis, 'persistence', 'aof_current_size')
    const started = performance.now()
    await reserveMany(scripts, token, id, { calls, concurrency })
    const seconds = (performance.now() - started) / 1000
    return {
      redisUsPerCall: await usPerScriptCall(redis),
      aofBytesPerCall: ((await infoNumber(redis, 'persistence', 'aof_current_size')) - aofBefore) / calls,
      memoryBytesPerHold: ((await infoNumber(redis, 'memory', 'used_memory')) - memoryBefore) / calls,
      callsPerSecond: calls / seconds,
    }
  } finally {
    await redis.config('SET', 'auto-aof-rewrite-percentage', rewrite)
    await activities.remove(id)
    await redis.del(outbox)
  }
}

async function run(options: ReturnType<typeof parse>): Promise<number> {
  const server = await benchRedis(config.redisFsync as RedisFsync)
  const redis = createRedis({ name: 'bench-reserve-script', url: server.url })
  try {
    const checkout = await checkoutReserve(options.checkout)
    console.log(`Checkout: ${options.checkout}`)
    console.log(`Redis: ${server.description}; ${options.calls.toLocaleString('en')} reserve calls per run, ${options.concurrency} in flight`)
    console.log('| run | Redis µs/call | AOF bytes/call | memory bytes/hold | calls/s |\n|---:|---:|---:|---:|---:|')
    for (let i = 1; i <= options.runs; i++) {
      progress(`run ${i}`)
      const r = await measure(redis, checkout, options.calls, options.concurrency)
      console.log(`| ${i} | ${r.redisUsPerCall.toFixed(2)} | ${Math.round(r.aofBytesPerCall)} | ${Math.round(r.memoryBytesPerHold)} | ${Math.round(r.callsPerSecond).toLocaleString('en')} |`)
    }
    return 0
  } finally {
    redis.disconnect()
    await server.stop()
  }
}

process.exit(await benchMain(Bun.argv.slice(2), usage, parse, run))
