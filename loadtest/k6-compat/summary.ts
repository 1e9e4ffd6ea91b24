/** The end-of-run summary, laid out like k6's, and the same figures as JSON for `--summary-json`. */
import { builtInMetrics, type MetricName } from './metrics'
import type { RunResult } from './runner'

export const notK6 =
  "Axon's k6 compatibility runner — NOT k6. It runs the subset of the k6 API Axon's scripts use\n" +
  '(k6/http, check, sleep, group, options, setup/teardown) for smoke runs; use real k6 for load figures.'

const trendStats = ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)', 'p(99)'] as const

/** k6's way of printing milliseconds: 523µs, 1.23ms, 1.2s */
function time(ms: number): string {
  if (ms < 1) return `${(ms * 1000).toFixed(0)}µs`
  if (ms < 1000) return `${ms.toFixed(2)}ms`
  return `${(ms / 1000).toFixed(2)}s`
}

const percent = (rate: number) => `${(rate * 100).toFixed(2)}%`

function executorLine({ plan }: RunResult): string {
  if (plan.executor === 'constant-vus') return `constant-vus, ${plan.vus} VUs, ${plan.durationMs / 1000}s`
  return `shared-iterations, ${plan.vus} VUs, ${plan.iterations} iterations (max ${plan.durationMs / 1000}s)`
}

function checkLines(result: RunResult): string[] {
  return [...result.metrics.checks].map(([name, { passes, fails }]) => {
    if (!fails) return `     ✓ ${name}`
    return `     ✗ ${name}\n      ↳  ${Math.floor((100 * passes) / (passes + fails))}% — ✓ ${passes} / ✗ ${fails}`
  })
}

function metricValue(result: RunResult, name: MetricName): string {
  const { metrics, seconds } = result
  const kind = builtInMetrics[name]
  if (kind === 'trend') return trendStats.map((s) => `${s}=${time(metrics.aggregate(name, s, seconds)!)}`).join(' ')
  if (kind === 'counter') return `${metrics.count(name)}  ${(metrics.count(name) / seconds).toFixed(1)}/s`
  const { trues, total } = metrics.rate(name)
  if (name === 'checks') return `${percent(metrics.aggregate(name, 'rate', seconds)!)}  ✓ ${trues}  ✗ ${total - trues}`
  return `${percent(metrics.aggregate(name, 'rate', seconds)!)}  (${trues} of ${total})`
}

function thresholdLines(result: RunResult): string[] {
  if (!result.thresholds.length) return ['   thresholds: none']
  return [
    '   thresholds:',
    ...result.thresholds.map((t) => {
      const actual = builtInMetrics[t.metric] === 'trend' ? time(t.actual) : String(Number(t.actual.toFixed(4)))
      return `     ${t.ok ? '✓' : '✗'} ${t.metric}: ${t.expression}  (${t.aggregation}=${actual})`
    }),
  ]
}

export function thresholdsPassed(result: RunResult): boolean {
  return result.thresholds.every((t) => t.ok)
}

export function summaryText(result: RunResult, scriptPath: string): string {
  const failed = result.thresholds.filter((t) => !t.ok).length
  const lines = [
    '',
    notK6,
    '',
    `     script: ${scriptPath}`,
    `   executor: ${executorLine(result)}`,
    ...(result.plan.ignored.length ? [`    ignored: options ${result.plan.ignored.join(', ')} (not supported by the compat runner)`] : []),
    '',
    ...checkLines(result),
    '',
    ...Object.keys(builtInMetrics).map((name) => `     ${name.padEnd(31, '.')}: ${metricValue(result, name as MetricName)}`),
    `     ${'iteration errors'.padEnd(31, '.')}: ${result.metrics.iterationErrors}`,
    ...result.iterationErrors.map((e) => `       ${e.split('\n')[0]}`),
    '',
    ...thresholdLines(result),
    '',
    failed ? `   result: FAILED — ${failed} of ${result.thresholds.length} thresholds crossed` : '   result: passed',
  ]
  return lines.join('\n')
}

export function summaryJson(result: RunResult, scriptPath: string) {
  const { metrics, seconds } = result
  const stats = (name: MetricName) => {
    const kind = builtInMetrics[name]
    const names = kind === 'trend' ? trendStats : kind === 'rate' ? (['rate'] as const) : (['count', 'rate'] as const)
    return Object.fromEntries(names.map((s) => [s, metrics.aggregate(name, s, seconds)]))
  }
  return {
    runner: 'axon-k6-compat (not k6)',
    script: scriptPath,
    plan: { executor: result.plan.executor, vus: result.plan.vus, iterations: result.plan.iterations, durationMs: result.plan.durationMs },
    seconds,
    metrics: Object.fromEntries(Object.keys(builtInMetrics).map((name) => [name, stats(name as MetricName)])),
    checks: Object.fromEntries(metrics.checks),
    iterationErrors: metrics.iterationErrors,
    thresholds: result.thresholds.map(({ metric, expression, actual, ok }) => ({ metric, expression, actual, ok })),
  }
}
