import { expect, test } from 'bun:test'
import { tokenBucket } from './rate-limit'

function clock() {
  let t = 1_000_000
  return { now: () => t, advance: (ms: number) => void (t += ms) }
}

const limited = (take: () => void) => {
  try {
    take()
    return false
  } catch (error) {
    return (error as { code?: string }).code === 'RATE_LIMITED'
  }
}

test('a client gets its burst, then its rate', () => {
  const { now, advance } = clock()
  const limiter = tokenBucket({ perSecond: 2, now })
  expect(Array.from({ length: 5 }, () => limited(() => limiter.take('a')))).toEqual([false, false, false, false, true])
  advance(500)
  expect(limited(() => limiter.take('a'))).toBe(false)
  expect(limited(() => limiter.take('a'))).toBe(true)
})

test('a bucket refilled to its burst is forgotten: addresses used once cost nothing for long', () => {
  const { now, advance } = clock()
  const limiter = tokenBucket({ perSecond: 50, now })
  for (let i = 0; i < 1000; i++) limiter.take(`10.0.${i >> 8}.${i & 255}`)
  expect(limiter.clients).toBe(1000)
  advance(2000)
  limiter.take('192.0.2.1')
  expect(limiter.clients).toBe(1)
})

test('rotating addresses faster than buckets refill holds at most maxClients buckets, and a busy client keeps its limit', () => {
  const { now, advance } = clock()
  const limiter = tokenBucket({ perSecond: 1, burst: 2, maxClients: 100, now })
  limiter.take('shopper')
  limiter.take('shopper')
  for (let i = 0; i < 10_000; i++) {
    limiter.take(`fake-${i}`)
    if (i % 50 === 0) {
      advance(1)
      expect(limited(() => limiter.take('shopper'))).toBe(true)
    }
  }
  expect(limiter.clients).toBeLessThanOrEqual(100)
})
