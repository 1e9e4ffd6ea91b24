/**
 * Drives a target with wrk (the load generator the DESIGN's 31k/s figure came from) and reads the
 * figures from the one JSON line rotate-shoppers.lua prints, not from wrk's human-readable text.
 */
import { join } from 'node:path'
import { requirePrograms } from '../../infra/local/tools'

export interface WrkRun {
  url: string
  connections: number
  threads: number
  seconds: number
  shoppersFile: string
  header: { name: string; prefix: string }
}

export interface WrkResult {
  requests: number
  seconds: number
  requestsPerSecond: number
  /** responses outside 2xx/3xx: SOLD_OUT and the other refusals are 409/410 */
  non2xx: number
  socketErrors: { connect: number; read: number; write: number; timeout: number }
  latencyMs: { p50: number; p90: number; p99: number; max: number }
  /** times a wrk thread ran out of shoppers and started over */
  wrapped: number
  /** wrk's own CPU time, reading the shopper file included */
  cpuSeconds: number
}

interface WrkLine {
  requests: number
  durationUs: number
  errors: { connect: number; read: number; write: number; status: number; timeout: number }
  latencyUs: { p50: number; p90: number; p99: number; max: number }
  wrapped: number
}

/** A wrk run with a script of ours that prints the `AXON_WRK {json}` line (see rotate-shoppers.lua's done()). */
export interface WrkScriptRun {
  url: string
  connections: number
  threads: number
  seconds: number
  script: string
  /** what the script's init(args) receives */
  args: string[]
}

let wrkPath: Promise<string> | undefined
/** wrk's path, installed with apt-get as root when missing (else the error says how). */
export const findWrk = () => (wrkPath ??= requirePrograms([{ program: 'wrk', pkg: 'wrk' }], 'the benchmark').then(([path]) => path!))

export async function runWrkScript(run: WrkScriptRun): Promise<WrkResult> {
  const command = [
    await findWrk(),
    `--threads=${run.threads}`,
    `--connections=${run.connections}`,
    `--duration=${Math.max(1, Math.round(run.seconds))}s`,
    // the lock baseline makes requests wait their turn; wrk's default 2 s would count them as timeouts
    '--timeout=10s',
    `--script=${run.script}`,
    run.url,
    '--',
    ...run.args,
  ]
  const child = Bun.spawn(command, { stdout: 'pipe', stderr: 'pipe' })
  const [stdout, stderr, code] = await Promise.all([new Response(child.stdout).text(), new Response(child.stderr).text(), child.exited])
  const line = stdout.split('\n').find((l) => l.startsWith('AXON_WRK '))
  if (code !== 0 || !line) throw new Error(`wrk exited with code ${code} and no result line:\n${stdout}${stderr}`)
  const cpu = child.resourceUsage()?.cpuTime
  return toResult(JSON.parse(line.slice('AXON_WRK '.length)) as WrkLine, cpu ? Number(cpu.user + cpu.system) / 1e6 : 0)
}

export function runWrk(run: WrkRun): Promise<WrkResult> {
  const script = join(import.meta.dir, 'rotate-shoppers.lua')
  return runWrkScript({ ...run, script, args: [run.shoppersFile, run.header.name, run.header.prefix, String(run.threads)] })
}

function toResult(w: WrkLine, cpuSeconds: number): WrkResult {
  const seconds = w.durationUs / 1e6
  const ms = (us: number) => us / 1000
  return {
    requests: w.requests,
    seconds,
    requestsPerSecond: w.requests / seconds,
    non2xx: w.errors.status,
    socketErrors: { connect: w.errors.connect, read: w.errors.read, write: w.errors.write, timeout: w.errors.timeout },
    latencyMs: { p50: ms(w.latencyUs.p50), p90: ms(w.latencyUs.p90), p99: ms(w.latencyUs.p99), max: ms(w.latencyUs.max) },
    wrapped: w.wrapped,
    cpuSeconds,
  }
}
