/**
 * The built-in k6 metrics the runner records, with k6's kinds: a trend keeps every value (for
 * avg/min/med/max/p(N)), a rate counts how many values were true, a counter adds up.
 */
export type MetricKind = 'trend' | 'rate' | 'counter'

export const builtInMetrics = {
  checks: 'rate',
  http_req_duration: 'trend',
  http_req_waiting: 'trend',
  http_req_failed: 'rate',
  http_reqs: 'counter',
  iterations: 'counter',
  iteration_duration: 'trend',
} as const satisfies Record<string, MetricKind>

export type MetricName = keyof typeof builtInMetrics

/** k6's percentile: linear interpolation between the closest ranks of the sorted values. */
export function percentile(sorted: readonly number[], p: number): number {
  if (!sorted.length) return 0
  const rank = (p / 100) * (sorted.length - 1)
  const low = Math.floor(rank)
  const high = Math.ceil(rank)
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (rank - low)
}

export class RunMetrics {
  private trends = new Map<MetricName, number[]>()
  private rates = new Map<MetricName, { trues: number; total: number }>()
  private counters = new Map<MetricName, number>()
  /** per check name, in the order checks first ran */
  readonly checks = new Map<string, { passes: number; fails: number }>()
  iterationErrors = 0

  add(name: MetricName, value: number | boolean) {
    const kind = builtInMetrics[name]
    if (kind === 'trend') {
      const values = this.trends.get(name) ?? []
      values.push(Number(value))
      this.trends.set(name, values)
    }
    if (kind === 'rate') {
      const r = this.rates.get(name) ?? { trues: 0, total: 0 }
      this.rates.set(name, { trues: r.trues + (value ? 1 : 0), total: r.total + 1 })
    }
    if (kind === 'counter') this.counters.set(name, (this.counters.get(name) ?? 0) + Number(value))
  }

  check(name: string, ok: boolean) {
    const c = this.checks.get(name) ?? { passes: 0, fails: 0 }
    this.checks.set(name, ok ? { passes: c.passes + 1, fails: c.fails } : { passes: c.passes, fails: c.fails + 1 })
    this.add('checks', ok)
  }

  rate(name: MetricName) {
    return this.rates.get(name) ?? { trues: 0, total: 0 }
  }

  count(name: MetricName): number {
    return this.counters.get(name) ?? 0
  }

  sortedValues(name: MetricName): number[] {
    return [...(this.trends.get(name) ?? [])].sort((a, b) => a - b)
  }

  /**
   * One aggregation as k6's thresholds name it: avg, min, med, max, p(N) for trends; rate for
   * rates; count and rate (per second of the run) for counters. undefined when it does not apply.
   */
  aggregate(name: MetricName, aggregation: string, seconds: number): number | undefined {
    const kind = builtInMetrics[name]
    if (kind === 'rate') {
      const r = this.rate(name)
      return aggregation === 'rate' ? (r.total ? r.trues / r.total : 0) : undefined
    }
    if (kind === 'counter') {
      if (aggregation === 'count') return this.count(name)
      return aggregation === 'rate' ? this.count(name) / seconds : undefined
    }
    const values = this.sortedValues(name)
    const p = /^p\((\d+(?:\.\d+)?)\)$/.exec(aggregation)
    if (p) return percentile(values, Number(p[1]))
    if (aggregation === 'avg') return values.length ? values.reduce((a, b) => a + b, 0) / values.length : 0
    if (aggregation === 'min') return values[0] ?? 0
    if (aggregation === 'max') return values.at(-1) ?? 0
    if (aggregation === 'med') return percentile(values, 50)
    return undefined
  }
}
