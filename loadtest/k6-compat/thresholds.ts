/**
 * k6 thresholds on the built-in metrics: `{ http_req_duration: ['p(95)<500'], checks: ['rate>0.99'] }`,
 * each expression `<aggregation> <operator> <number>`, also in the object form
 * `{ threshold: 'p(99)<1000', abortOnFail: true }` (abortOnFail is not honoured: the run completes).
 * Tagged sub-metrics (`http_req_duration{name:x}`) are refused rather than silently ignored.
 */
import { builtInMetrics, type MetricName, type RunMetrics } from './metrics'

export interface Threshold {
  metric: MetricName
  expression: string
  aggregation: string
  operator: string
  value: number
}

export interface ThresholdResult extends Threshold {
  actual: number
  ok: boolean
}

/** A script asks for something this runner does not do; k6 exits 104 for invalid options. */
export class UnsupportedOption extends Error {
  override name = 'UnsupportedOption'
}

const expressionPattern = /^\s*(avg|min|max|med|count|rate|p\(\d+(?:\.\d+)?\))\s*(<=|>=|===|==|!=|<|>)\s*(-?\d+(?:\.\d+)?)\s*$/

const aggregationsOf = {
  trend: /^(avg|min|max|med|p\(.+\))$/,
  rate: /^rate$/,
  counter: /^(count|rate)$/,
}

function parseOne(metric: MetricName, item: unknown): Threshold {
  const expression = typeof item === 'string' ? item : (item as { threshold?: unknown } | null)?.threshold
  const match = typeof expression === 'string' ? expressionPattern.exec(expression) : null
  if (!match) throw new UnsupportedOption(`threshold ${JSON.stringify(item)} on ${metric} is not "<aggregation> <operator> <number>"`)
  const [, aggregation, operator, value] = match as unknown as [string, string, string, string]
  const kind = builtInMetrics[metric]
  if (!aggregationsOf[kind].test(aggregation)) throw new UnsupportedOption(`${metric} is a ${kind}: "${aggregation}" does not apply to it`)
  return { metric, expression: (expression as string).trim(), aggregation, operator, value: Number(value) }
}

export function parseThresholds(raw: unknown): Threshold[] {
  if (raw === undefined || raw === null) return []
  if (typeof raw !== 'object') throw new UnsupportedOption('options.thresholds must be an object of metric → expressions')
  return Object.entries(raw).flatMap(([metric, list]) => {
    if (metric.includes('{')) throw new UnsupportedOption(`threshold on the tagged sub-metric ${metric}: only whole built-in metrics are supported`)
    if (!(metric in builtInMetrics))
      throw new UnsupportedOption(`threshold on ${metric}: the compat runner records ${Object.keys(builtInMetrics).join(', ')}`)
    return (Array.isArray(list) ? list : [list]).map((item) => parseOne(metric as MetricName, item))
  })
}

function holds(actual: number, operator: string, value: number): boolean {
  switch (operator) {
    case '<':
      return actual < value
    case '<=':
      return actual <= value
    case '>':
      return actual > value
    case '>=':
      return actual >= value
    case '!=':
      return actual !== value
    default:
      return actual === value
  }
}

export function evaluateThresholds(thresholds: Threshold[], metrics: RunMetrics, seconds: number): ThresholdResult[] {
  return thresholds.map((t) => {
    const actual = metrics.aggregate(t.metric, t.aggregation, seconds) ?? Number.NaN
    return { ...t, actual, ok: holds(actual, t.operator, t.value) }
  })
}
