/** The benchmark's printed figures: one table row per target and regime, then each run's accounting. */
import { cpus, loadavg } from 'node:os'
import type { Accounting, Outcomes } from './activity'
import type { CpuShare } from './cpu'
import type { BenchOptions, Regime, TargetName } from './options'
import type { WrkResult } from './wrk'

export interface RunFigures {
  target: TargetName
  regime: Regime
  connections: number
  wrk: WrkResult
  cpu: CpuShare
  outcomes: Outcomes
  accounting: Accounting
}

const n = (x: number) => Math.round(x).toLocaleString('en')
const ms = (x: number) => (x < 10 ? x.toFixed(2) : x.toFixed(1))

function otherOutcomes(outcomes: Outcomes): string {
  const rest = Object.entries(outcomes).filter(([o]) => o !== 'RESERVED' && o !== 'SOLD_OUT')
  return rest.length ? rest.map(([o, c]) => `${o} ${n(c)}`).join(', ') : '-'
}

function socketErrors(w: WrkResult): string {
  const e = w.socketErrors
  const total = e.connect + e.read + e.write + e.timeout
  return total ? `${n(total)} (c${e.connect} r${e.read} w${e.write} t${e.timeout})` : '0'
}

/** A Markdown table: the first two columns left-aligned (names), the rest right-aligned (figures). */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)))
  const line = (cells: string[]) => '| ' + cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ') + ' |'
  return [line(header), '|' + widths.map((w, i) => (i < 2 ? '-'.repeat(w + 2) : '-'.repeat(w + 1) + ':')).join('|') + '|', ...rows.map(line)].join('\n')
}

export function figuresTable(runs: RunFigures[], seconds: number): string {
  const header = ['target', 'stock', 'conns', 'secs', 'requests/s', 'p50 ms', 'p99 ms', 'RESERVED', 'SOLD_OUT', 'other outcomes', 'non-2xx', 'socket errors', 'CPU % target/redis/wrk', 'target CPU µs/req', 'accounting']
  const rows = runs.map((r) => [
    r.target,
    r.regime,
    String(r.connections),
    String(seconds),
    n(r.wrk.requestsPerSecond),
    ms(r.wrk.latencyMs.p50),
    ms(r.wrk.latencyMs.p99),
    n(r.outcomes.RESERVED ?? 0),
    n(r.outcomes.SOLD_OUT ?? 0),
    otherOutcomes(r.outcomes),
    n(r.wrk.non2xx),
    socketErrors(r.wrk),
    `${n(r.cpu.target)} / ${n(r.cpu.redis)} / ${n(r.cpu.wrk)}`,
    // CPU per answer is steadier than requests/s when other work takes cores away
    n((r.cpu.target * 10_000) / r.wrk.requestsPerSecond),
    r.accounting.balanced ? 'ok' : 'BROKEN',
  ])
  return table(header, rows)
}

export function accountingLines(runs: RunFigures[]): string {
  return runs
    .map(({ target, regime, accounting: a, wrk }) => {
      const verdict = a.balanced ? 'ok' : 'BROKEN'
      const wrapped = wrk.wrapped ? `; the shopper pool wrapped ${wrk.wrapped}× (raise --shoppers)` : ''
      return (
        `${target}/${regime}: ${verdict} — stock ${n(a.stock)} + holds ${n(a.holds)} + confirmed ${n(a.confirmed)} = ` +
        `${n(a.stock + a.holds + a.confirmed)} (limit ${n(a.limit)}); RESERVED answers ${n(a.reserved)} = holds ${n(a.holds)}; ` +
        `participants ${n(a.participants)}${wrapped}`
      )
    })
    .join('\n')
}

/** Read before the first run: other work on the machine takes cores from all three parties. */
export const loadAtStart = loadavg()[0]!

export function machineLines(options: BenchOptions, redis: string): string {
  const cores = cpus()
  return [
    `load average when the benchmark started: ${loadAtStart.toFixed(2)} (anything above 0 is other work sharing the cores)`,
    `machine: ${cores.length} cores (${cores[0]?.model.trim() ?? 'unknown CPU'}), Bun ${Bun.version}; Redis: ${redis}`,
    `wrk ${options.threads} threads, ${options.connections} connections, on the same machine: wrk, Redis and the target share these ${cores.length} cores`,
    `CPU %: share of one core during the run (the machine has ${cores.length * 100} %); wrk's includes reading the shopper file`,
  ].join('\n')
}
