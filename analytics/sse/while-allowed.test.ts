import { expect, test } from 'bun:test'
import { whileAllowed } from './while-allowed'

/** A source as the hub's watch is: chunks every `ms`, ending when its signal aborts. */
function every(ms: number, count: number) {
  const seen = { aborted: false }
  const watch = async function* (signal: AbortSignal) {
    signal.addEventListener('abort', () => (seen.aborted = true))
    for (let i = 0; i < count && !signal.aborted; i++) {
      await Bun.sleep(ms)
      yield i
    }
  }
  return { watch, seen }
}

test('passes every chunk while the viewer is allowed, asking on a timer', async () => {
  let asked = 0
  const got: number[] = []
  const { watch } = every(10, 10)
  for await (const chunk of whileAllowed(watch, { allowed: async () => (asked++, true), everyMs: 25, signal: new AbortController().signal })) got.push(chunk)
  expect(got).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
  expect(asked).toBeGreaterThanOrEqual(2)
})

test('ends at the first no, even while the source is quiet, and aborts the source at once', async () => {
  let allowed = true
  const { watch, seen } = every(10_000, 3) // a heartbeat far away
  const started = Date.now()
  setTimeout(() => (allowed = false), 60)
  const got: number[] = []
  for await (const chunk of whileAllowed(watch, { allowed: async () => allowed, everyMs: 20, signal: new AbortController().signal })) got.push(chunk)
  expect(got).toEqual([])
  expect(Date.now() - started).toBeLessThan(1000)
  expect(seen.aborted).toBe(true)
})

test('the viewer leaving (the request aborted) ends the source too', async () => {
  const viewer = new AbortController()
  const { watch, seen } = every(20, 1000)
  const got: number[] = []
  for await (const chunk of whileAllowed(watch, { allowed: async () => true, everyMs: 1000, signal: viewer.signal })) {
    got.push(chunk)
    if (got.length === 3) viewer.abort()
  }
  expect(seen.aborted).toBe(true)
  expect(got.length).toBeLessThanOrEqual(4)
})
