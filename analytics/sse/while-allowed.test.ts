import { expect, test } from 'bun:test'
import { whileAllowed } from './while-allowed'

async function* every(ms: number, count: number) {
  for (let i = 0; i < count; i++) {
    await Bun.sleep(ms)
    yield i
  }
}

test('passes every chunk while the viewer is allowed, asking on a timer', async () => {
  let asked = 0
  const got: number[] = []
  for await (const chunk of whileAllowed(every(10, 10), async () => (asked++, true), 25)) got.push(chunk)
  expect(got).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
  expect(asked).toBeGreaterThanOrEqual(2)
})

test('ends at the first no, even while the source is quiet', async () => {
  let allowed = true
  async function* quiet() {
    yield 'first'
    await Bun.sleep(10_000) // a heartbeat far away
    yield 'never'
  }
  const got: string[] = []
  const started = Date.now()
  setTimeout(() => (allowed = false), 60)
  for await (const chunk of whileAllowed(quiet(), async () => allowed, 20)) got.push(chunk)
  expect(got).toEqual(['first'])
  expect(Date.now() - started).toBeLessThan(1000)
})
