/**
 * What the benchmark drives, each a separate `bun` process so the load generator's CPU is never
 * counted as the server's: the real gateway (`gateway/main.ts`, auth and validation on) or one of
 * the two baselines. Every target answers `POST /api/v1/activities/:id/reservations`, `/health`
 * and `/metrics` (with `axon_reservations_total{outcome}`), so the harness treats them alike.
 */
import { createServer } from 'node:net'
import { projectRoot } from '../../common/config'
import { childEnvironment, type SettingValues } from '../../common/config/child-env'
import { healthy } from '../../infra/local/apps'
import type { TargetName } from './options'

export interface TargetSpec {
  name: TargetName
  entry: string
  /** `bun --preload` file: how the product-no-jwt variant swaps one module of the real gateway */
  preload?: string
  /** how a shopper identifies itself on this target: the gateway wants a signed JWT */
  shopperHeader: { name: string; prefix: string; kind: 'jwt' | 'user-id' }
  summary: string
}

export const targets: Record<TargetName, TargetSpec> = {
  product: {
    name: 'product',
    entry: 'gateway/main.ts',
    shopperHeader: { name: 'Authorization', prefix: 'Bearer ', kind: 'jwt' },
    summary: 'the gateway: JWT verify, schema validation, reserve-7.lua, metrics',
  },
  bare: {
    name: 'bare',
    entry: 'loadtest/bench/baselines/bare-server.ts',
    shopperHeader: { name: 'X-Axon-User', prefix: '', kind: 'user-id' },
    summary: 'baseline: Elysia + ioredis + the same reserve-7.lua, nothing else',
  },
  lock: {
    name: 'lock',
    entry: 'loadtest/bench/baselines/lock-server.ts',
    shopperHeader: { name: 'X-Axon-User', prefix: '', kind: 'user-id' },
    summary: 'baseline: a lock per activity (SET NX PX + retry), GET/DECR, DEL',
  },
  'product-no-jwt': {
    name: 'product-no-jwt',
    entry: 'gateway/main.ts',
    preload: 'loadtest/bench/baselines/no-jwt.ts',
    shopperHeader: { name: 'Authorization', prefix: '', kind: 'user-id' },
    summary: 'variant: the gateway, no JWT (Authorization carries the shopper id)',
  },
}

export interface RunningTarget {
  spec: TargetSpec
  url: string
  pid: number
  stop(): Promise<void>
}

export interface TargetSettings {
  redisUrl: string
  userJwtSecret: string
  /** longer than the whole run, so no hold lapses and RESERVED = holds at the end */
  holdTtlSeconds: number
  /** when set, the target runs under `bun --cpu-prof-md` and writes its profile here on exit */
  profileDir?: string
}

const readyTimeoutMs = 30_000

/** A port nothing listens on right now: bind port 0, read what the kernel chose, let it go. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen({ port: 0, host: '127.0.0.1' }, () => {
      const { port } = probe.address() as { port: number }
      probe.close(() => resolve(port))
    })
  })
}

export interface BunServer {
  url: string
  pid: number
  stop(): Promise<void>
}

/**
 * Starts `bun [flags] <entry>` from the project root with `settings(port)` for a free port, and
 * resolves once it answers /health there. Its output goes straight to ours.
 */
export async function startBunServer(entry: string, settings: (port: number) => SettingValues, flags: string[] = []): Promise<BunServer> {
  const port = await freePort()
  const env = childEnvironment(settings(port))
  const child = Bun.spawn([process.execPath, ...flags, entry], { cwd: projectRoot, env, stdio: ['ignore', 'inherit', 'inherit'] })
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
    await child.exited
  }
  const deadline = Date.now() + readyTimeoutMs
  while (!(await healthy(port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop()
      throw new Error(`${entry} did not answer /health on port ${port}; its output is above`)
    }
    await Bun.sleep(100)
  }
  return { url: `http://127.0.0.1:${port}`, pid: child.pid, stop }
}

export async function startTarget(spec: TargetSpec, settings: TargetSettings): Promise<RunningTarget> {
  const flags = [
    ...(settings.profileDir ? ['--cpu-prof-md', `--cpu-prof-dir=${settings.profileDir}`] : []),
    ...(spec.preload ? ['--preload', `./${spec.preload}`] : []),
  ]
  const server = await startBunServer(
    spec.entry,
    (port) => ({
      redisUrl: settings.redisUrl,
      gatewayPort: port,
      userJwtSecret: settings.userJwtSecret,
      holdTtlSeconds: settings.holdTtlSeconds,
      // a benchmark run is not a demo: no token-issuing route, logs only when something is wrong
      devTokens: false,
      logLevel: 'warn',
    }),
    flags,
  )
  return { spec, ...server }
}
