import { describe, expect, test } from 'bun:test'
import { percentile, RunMetrics } from './metrics'
import { evaluateThresholds, parseThresholds, UnsupportedOption } from './thresholds'

function metricsWith(durations: number[], failed: boolean[], checks: boolean[]) {
  const metrics = new RunMetrics()
  for (const d of durations) metrics.add('http_req_duration', d)
  for (const f of failed) {
    metrics.add('http_req_failed', f)
    metrics.add('http_reqs', 1)
  }
  checks.forEach((ok, i) => metrics.check(`check ${i % 2}`, ok))
  return metrics
}

const verdicts = (thresholds: Record<string, unknown>, metrics: RunMetrics, seconds = 10) =>
  evaluateThresholds(parseThresholds(thresholds), metrics, seconds).map((r) => [r.metric, r.expression, r.ok, r.actual])

describe('thresholds', () => {
  const durations = Array.from({ length: 100 }, (_, i) => i + 1) // 1…100 ms
  const metrics = metricsWith(durations, [false, false, false, true], [true, true, true, false])

  test('trend aggregations: p(N), avg, min, med, max', () => {
    expect(verdicts({ http_req_duration: ['p(95)<96', 'p(95)<95', 'avg==50.5', 'min>=1', 'med<=50.5', 'max<100'] }, metrics)).toEqual([
      ['http_req_duration', 'p(95)<96', true, 95.05],
      ['http_req_duration', 'p(95)<95', false, 95.05],
      ['http_req_duration', 'avg==50.5', true, 50.5],
      ['http_req_duration', 'min>=1', true, 1],
      ['http_req_duration', 'med<=50.5', true, 50.5],
      ['http_req_duration', 'max<100', false, 100],
    ])
  })

  test('rates: checks and http_req_failed', () => {
    expect(verdicts({ checks: ['rate>0.99'], http_req_failed: 'rate<0.3' }, metrics)).toEqual([
      ['checks', 'rate>0.99', false, 0.75],
      ['http_req_failed', 'rate<0.3', true, 0.25],
    ])
  })

  test('counters: count and rate per second', () => {
    expect(verdicts({ http_reqs: ['count==4', 'rate>=0.4', 'rate>0.4'] }, metrics)).toEqual([
      ['http_reqs', 'count==4', true, 4],
      ['http_reqs', 'rate>=0.4', true, 0.4],
      ['http_reqs', 'rate>0.4', false, 0.4],
    ])
  })

  test("the object form is read; abortOnFail does not change the verdict", () => {
    expect(verdicts({ checks: [{ threshold: 'rate>0.5', abortOnFail: true }] }, metrics)).toEqual([['checks', 'rate>0.5', true, 0.75]])
  })

  test('a metric with no samples is judged on zero, as k6 reports it', () => {
    expect(verdicts({ iteration_duration: ['p(99)<1'] }, new RunMetrics())).toEqual([['iteration_duration', 'p(99)<1', true, 0]])
  })

  test.each([
    [{ vus: ['value>1'] }, 'the compat runner records'],
    [{ 'http_req_duration{name:reserve}': ['p(95)<1'] }, 'tagged sub-metric'],
    [{ checks: ['p(95)<1'] }, 'checks is a rate'],
    [{ http_req_duration: ['p95 < 1'] }, 'is not "<aggregation> <operator> <number>"'],
  ])('%j is refused: %s', (thresholds, message) => {
    expect(() => parseThresholds(thresholds)).toThrow(UnsupportedOption)
    expect(() => parseThresholds(thresholds)).toThrow(message)
  })
})

test("percentiles interpolate between the closest ranks, as k6's do", () => {
  expect(percentile([10, 20, 30, 40], 50)).toBe(25)
  expect(percentile([10, 20, 30, 40], 90)).toBeCloseTo(37)
  expect(percentile([7], 99)).toBe(7)
})
