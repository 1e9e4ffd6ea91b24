/**
 * Command-line flags of the reservation benchmark. Flags, not environment: a benchmark run is
 * described entirely by its command line, which the README quotes next to its figures.
 */
import { parseArgs } from 'node:util'
import { redisFsyncModes, type RedisFsync } from '../../common/config'
import { configuredFsync } from '../../infra/local/redis'

/** product and the two baselines first; the product-… variants take one thing out of the gateway */
export const targetNames = ['product', 'bare', 'lock', 'product-no-jwt'] as const
export type TargetName = (typeof targetNames)[number]

/** reserved: stock never runs out, every request takes the RESERVED path; sold-out: stock is gone after the first few. */
export const regimeNames = ['reserved', 'sold-out'] as const
export type Regime = (typeof regimeNames)[number]

export interface BenchOptions {
  targets: TargetName[]
  regimes: Regime[]
  connections: number
  threads: number
  durationSeconds: number
  warmupSeconds: number
  /** distinct shoppers, each reserving once; the pool wraps (and ALREADY_ENTERED shows) past this */
  shoppers: number
  /** stock of the sold-out regime */
  soldOutStock: number
  /** write a CPU profile of each target (Bun's Markdown profile); its figures are then not comparable */
  cpuProfile: boolean
  /** appendfsync of the benchmark's own Redis (ignored with REDIS_URL) */
  fsync: RedisFsync
  /** make the Redis reads core's hold recorder makes during each run, as core would */
  recordHolds: boolean
}

export const usage = `usage: bun loadtest/bench/reservations.ts [options]
  --target product|bare|lock|product-no-jwt[,…]|all
                                   what to drive (default product); several, comma-separated
  --regime reserved|sold-out|both  stock that never runs out, stock that runs out at once, or both (default both)
  --connections N                  wrk connections (default 256)
  --threads N                      wrk threads (default 2)
  --duration 15s                   measured run per regime (default 15s)
  --warmup 3s                      unmeasured run first, on an activity of its own (default 3s)
  --shoppers N                     distinct shoppers pre-signed (default 40,000 per second of duration)
  --sold-out-stock N               stock of the sold-out regime (default 1000)
  --fsync always|everysec          appendfsync of the benchmark's own Redis (default AXON_REDIS_FSYNC, always);
                                   a Redis of REDIS_URL keeps its own setting
  --record-holds                   during each run, read the activity's new holds as core's hold recorder does
                                   (every AXON_HOLD_RECORD_INTERVAL_MS; its MySQL writes left out): what
                                   recording holds costs the Redis the reservations share
  --cpu-prof                       profile each target (bun --cpu-prof-md) into .axon/bench-profiles/;
                                   the profiler slows the target, so compare figures of unprofiled runs`

/** Assumed ceiling of requests per second, to size the shopper pool so it does not wrap. */
const shoppersPerSecond = 40_000

export function seconds(flag: string, value: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(value)
  if (!match) throw new Error(`${flag} takes a duration such as 15s, got "${value}"`)
  const n = Number(match[1])
  return match[2] === 'ms' ? n / 1000 : match[2] === 'm' ? n * 60 : n
}

export function positive(flag: string, value: string): number {
  const n = Number(value)
  if (!Number.isSafeInteger(n) || n < 1) throw new Error(`${flag} takes a positive integer, got "${value}"`)
  return n
}

/** A comma-separated list of names, or the word that means all of them. */
function someOrAll<T extends string>(flag: string, value: string, all: readonly T[], everything: string): T[] {
  if (value === everything) return [...all]
  const names = value.split(',')
  const unknown = names.find((name) => !all.includes(name as T))
  if (unknown !== undefined) throw new Error(`${flag} takes ${all.join(',')} or ${everything}, got "${unknown}"`)
  return names as T[]
}

function oneOf<T extends string>(flag: string, value: string, all: readonly T[]): T {
  if (!all.includes(value as T)) throw new Error(`${flag} takes ${all.join(' or ')}, got "${value}"`)
  return value as T
}

export function parseBenchOptions(argv: string[]): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      target: { type: 'string', default: 'product' },
      regime: { type: 'string', default: 'both' },
      connections: { type: 'string', default: '256' },
      threads: { type: 'string', default: '2' },
      duration: { type: 'string', default: '15s' },
      warmup: { type: 'string', default: '3s' },
      shoppers: { type: 'string' },
      'sold-out-stock': { type: 'string', default: '1000' },
      'cpu-prof': { type: 'boolean', default: false },
      'record-holds': { type: 'boolean', default: false },
      fsync: { type: 'string', default: configuredFsync },
    },
  })
  const durationSeconds = seconds('--duration', values.duration)
  return {
    targets: someOrAll('--target', values.target, targetNames, 'all'),
    regimes: someOrAll('--regime', values.regime, regimeNames, 'both'),
    connections: positive('--connections', values.connections),
    threads: positive('--threads', values.threads),
    durationSeconds,
    warmupSeconds: seconds('--warmup', values.warmup),
    shoppers: values.shoppers ? positive('--shoppers', values.shoppers) : Math.ceil(durationSeconds * shoppersPerSecond),
    soldOutStock: positive('--sold-out-stock', values['sold-out-stock']),
    cpuProfile: values['cpu-prof'],
    fsync: oneOf('--fsync', values.fsync, redisFsyncModes),
    recordHolds: values['record-holds'],
  }
}
