/** Server-Timing of a dashboard answer: each part timed, written and read back as browsers and the benchmark read it. */
import { expect, test } from 'bun:test'
import { parseServerTiming, serverTiming, timed, type PartTimes } from './timing'

test('each part is timed, a failing part too, and the header reads back as written', async () => {
  const times: PartTimes = {}
  expect(await timed(times, 'target', async () => (await Bun.sleep(20), 'a'))).toBe('a')
  await expect(timed(times, 'people', () => Promise.reject(new Error('down')))).rejects.toThrow('down')
  expect(times.target).toBeGreaterThanOrEqual(19)
  expect(times.people).toBeGreaterThanOrEqual(0)
  const header = serverTiming({ target: 1.26, 'people-funnel': 30 })
  expect(header).toBe('target;dur=1.3, people-funnel;dur=30.0')
  expect(parseServerTiming(header)).toEqual({ target: 1.3, 'people-funnel': 30 })
  expect(parseServerTiming(null)).toEqual({})
})

test('without a recorder the work just runs', async () => {
  expect(await timed(undefined, 'x', async () => 42)).toBe(42)
})
