/**
 * The platform's own processes (gateway, core, analytics) and one-off scripts (the demo seed) run
 * as children of `./axon`, each output line prefixed with the child's name. Children run in their
 * own process group so that only `./axon` decides the order in which things stop.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { envName, projectRoot, type Config } from '../../common/config'
import { SetupError } from './report'

export interface AppSpec {
  name: 'gateway' | 'core' | 'analytics'
  entry: string
  port: number
  portSetting: string
}

export interface RunningApp {
  spec: AppSpec
  /** resolves with the exit code whenever the child ends */
  exited: Promise<number>
  stop(): Promise<void>
}

/** Core first: gateway asks it for eligibility verdicts, analytics calls its admin API. */
export function appSpecs(config: Config): AppSpec[] {
  return [
    { name: 'core', entry: 'core/main.ts', port: config.corePort, portSetting: envName.corePort },
    { name: 'gateway', entry: 'gateway/main.ts', port: config.gatewayPort, portSetting: envName.gatewayPort },
    { name: 'analytics', entry: 'analytics/main.ts', port: config.analyticsPort, portSetting: envName.analyticsPort },
  ]
}

const nameWidth = 9
const healthTimeoutMs = 60_000
/** core's own shutdown allows 20 s for workers to finish their batch */
const stopTimeoutMs = 25_000

/** Copies a child's stream to our stdout line by line, each line prefixed with `name | `. */
async function prefixLines(name: string, stream: ReadableStream<Uint8Array>) {
  const prefix = `${name.padEnd(nameWidth)}| `
  const decoder = new TextDecoder()
  let pending = ''
  const reader = stream.getReader()
  for (let read = await reader.read(); !read.done; read = await reader.read()) {
    pending += decoder.decode(read.value, { stream: true })
    const lines = pending.split('\n')
    pending = lines.pop()!
    if (lines.length) process.stdout.write(lines.map((line) => prefix + line + '\n').join(''))
  }
  if (pending) process.stdout.write(prefix + pending + '\n')
}

/** Runs `bun <entry>` from the project root; output is prefixed, the environment is `env`. */
export function spawnBun(name: string, entry: string, env: Record<string, string>) {
  const child = Bun.spawn([process.execPath, entry], { cwd: projectRoot, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true })
  const copied = Promise.all([prefixLines(name, child.stdout), prefixLines(name, child.stderr)])
  // the exit code is reported once the last line is printed, so a failure is read in order
  const exited = Promise.all([child.exited, copied]).then(([code]) => code)
  return { child, exited }
}

export function startApp(spec: AppSpec, env: Record<string, string>): RunningApp {
  const { child, exited } = spawnBun(spec.name, spec.entry, env)
  return {
    spec,
    exited,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return
      child.kill('SIGTERM')
      const late = await Promise.race([exited.then(() => false), Bun.sleep(stopTimeoutMs).then(() => true)])
      if (late) child.kill('SIGKILL')
      await exited
    },
  }
}

export async function healthy(port: number): Promise<boolean> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(1000) })
    return response.ok
  } catch {
    return false
  }
}

/** Waits for `GET /health` to answer 200; fails if the child exits first or never answers. */
export async function waitHealthy(app: RunningApp): Promise<void> {
  let exitCode: number | null = null
  void app.exited.then((code) => (exitCode = code))
  const deadline = Date.now() + healthTimeoutMs
  while (!(await healthy(app.spec.port))) {
    if (exitCode !== null) throw new SetupError(`${app.spec.name} exited with code ${exitCode} before it was ready; its output is above`)
    if (Date.now() > deadline)
      throw new SetupError(`${app.spec.name} did not answer GET http://127.0.0.1:${app.spec.port}/health within ${healthTimeoutMs / 1000} s; its output is above`)
    await Bun.sleep(100)
  }
}

export function seedScriptExists(): boolean {
  return existsSync(join(projectRoot, 'core/cli/seed.ts'))
}

/** Runs core's idempotent demo seed (`bun core/cli/seed.ts`). */
export async function runSeed(env: Record<string, string>): Promise<void> {
  const code = await spawnBun('seed', 'core/cli/seed.ts', env).exited
  if (code !== 0) throw new SetupError(`the demo seed (bun core/cli/seed.ts) failed with exit code ${code}; its output is above`)
}
