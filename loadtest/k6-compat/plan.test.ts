import { describe, expect, test } from 'bun:test'
import { planRun } from './plan'
import { UnsupportedOption } from './thresholds'

describe('the run plan', () => {
  test("k6's shapes: iterations share a budget, duration alone loops, neither is one iteration", () => {
    expect(planRun({ vus: 4, iterations: 10 }, {})).toMatchObject({ executor: 'shared-iterations', vus: 4, iterations: 10, durationMs: 600_000 })
    expect(planRun({ vus: 4, duration: '1m30s' }, {})).toMatchObject({ executor: 'constant-vus', iterations: null, durationMs: 90_000 })
    expect(planRun({}, {})).toMatchObject({ executor: 'shared-iterations', vus: 1, iterations: 1 })
  })

  test('the command line wins over options; unknown options are listed as ignored', () => {
    const plan = planRun({ vus: 4, iterations: 10, noConnectionReuse: true }, { vus: 2, duration: '5s' })
    expect(plan).toMatchObject({ vus: 2, iterations: 10, durationMs: 5000, ignored: ['noConnectionReuse'] })
  })

  test.each([[{ stages: [] }], [{ scenarios: {} }], [{ vus: 0 }], [{ duration: 'soon' }]])('%j is refused', (options) => {
    expect(() => planRun(options, {})).toThrow(UnsupportedOption)
  })
})
