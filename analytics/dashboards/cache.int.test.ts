/**
 * The dashboards' look-aside cache on a real Redis: keyed by every parameter, one computer per key
 * however many ask at once, a value renewed ahead once half its time to live has passed (answered
 * meanwhile, recomputed once in the background), never answered past its time to live.
 */
import { afterAll, beforeEach, describe, expect, test } from 'bun:test'
import { closeTestClients, testRedis } from '../../test/support/clients'
import { waitFor } from '../../test/support/wait'
import { cacheKey, lookAside, refreshAheadShare } from './cache'

const redis = testRedis('dashboard-cache-test')
afterAll(closeTestClients)

let computed = 0
const slowly = (value: string, ms = 100) => async () => {
  computed++
  await Bun.sleep(ms)
  return value
}
beforeEach(async () => {
  computed = 0
  // only this file's keys: the suite's Redis also holds core's activity state (flushing it made
  // every later test that sells answer 503 STATE_RESTORING)
  const keys = await redis.keys('dashboard:t:*')
  if (keys.length > 0) await redis.del(...keys)
})

describe('cacheKey', () => {
  test('differs in every parameter, not in their order; unset parameters are left out', () => {
    const base = { activityId: 1, from: '2025-11-10T00:00:00.000Z', to: '2025-11-11T00:00:00.000Z', mode: 'rolling' }
    const keys = new Set([
      cacheKey('cohort', base),
      cacheKey('people-funnel', base),
      cacheKey('cohort', { ...base, activityId: 2 }),
      cacheKey('cohort', { ...base, from: '2025-11-09T00:00:00.000Z' }),
      cacheKey('cohort', { ...base, to: '2025-11-12T00:00:00.000Z' }),
      cacheKey('cohort', { ...base, mode: 'calendar' }),
    ])
    expect(keys.size).toBe(6)
    expect(cacheKey('cohort', { to: base.to, activityId: 1, from: base.from, mode: 'rolling' })).toBe(cacheKey('cohort', base))
    expect(cacheKey('cohort', { activityId: 1, from: undefined })).toBe('dashboard:cohort:activityId=1')
    // a value holding the separator cannot pass for two parameters
    expect(cacheKey('w', { a: 'x:b=y' })).not.toBe(cacheKey('w', { a: 'x', b: 'y' }))
  })
})

describe('lookAside', () => {
  test('many callers missing the same key at once: one computes, all get its answer and its time', async () => {
    const answers = await Promise.all(Array.from({ length: 8 }, () => lookAside(redis, 'dashboard:t:k=1', 60, slowly('v1'))))
    expect(computed).toBe(1)
    expect(new Set(answers.map((a) => a.value))).toEqual(new Set(['v1']))
    expect(new Set(answers.map((a) => a.calculatedAt)).size).toBe(1)
    expect(answers.filter((a) => !a.hit)).toHaveLength(1)
  })

  test('a fresh value is answered from Redis without computing, with the time it was computed', async () => {
    const first = await lookAside(redis, 'dashboard:t:k=2', 60, slowly('v1', 0))
    const again = await lookAside(redis, 'dashboard:t:k=2', 60, slowly('v2', 0))
    expect(again).toEqual({ value: 'v1', calculatedAt: first.calculatedAt, hit: true })
    expect(computed).toBe(1)
  })

  test('past half its time to live: answered at once, recomputed once in the background, then the new value', async () => {
    const ttl = 60
    const calculatedAt = new Date(Date.now() - ttl * 1000 * refreshAheadShare - 1000).toISOString()
    await redis.set('dashboard:t:k=3', JSON.stringify({ value: 'old', calculatedAt }), 'EX', ttl)
    const answers = await Promise.all(Array.from({ length: 5 }, () => lookAside(redis, 'dashboard:t:k=3', ttl, slowly('new', 200))))
    expect(answers.map((a) => a.value)).toEqual(['old', 'old', 'old', 'old', 'old'])
    await waitFor(async () => JSON.parse((await redis.get('dashboard:t:k=3'))!).value === 'new', { timeoutMs: 3000 })
    expect(computed).toBe(1)
    const renewed = await lookAside(redis, 'dashboard:t:k=3', ttl, slowly('newer'))
    expect(renewed.value).toBe('new')
    expect(Date.parse(renewed.calculatedAt)).toBeGreaterThan(Date.parse(calculatedAt))
  })

  test('never answered past its time to live', async () => {
    await lookAside(redis, 'dashboard:t:k=4', 1, slowly('v1', 0))
    await Bun.sleep(1100)
    const after = await lookAside(redis, 'dashboard:t:k=4', 1, slowly('v2', 0))
    expect(after).toMatchObject({ value: 'v2', hit: false })
    expect(Date.now() - Date.parse(after.calculatedAt)).toBeLessThan(1000)
  })

  test('a time to live of 0: every answer computed, nothing stored', async () => {
    await lookAside(redis, 'dashboard:t:k=5', 0, slowly('v1', 0))
    expect(await lookAside(redis, 'dashboard:t:k=5', 0, slowly('v2', 0))).toMatchObject({ value: 'v2', hit: false })
    expect(await redis.exists('dashboard:t:k=5')).toBe(0)
  })

  test('a computation that fails frees the key: the caller waiting for it computes instead', async () => {
    const failing = lookAside(redis, 'dashboard:t:k=6', 60, async () => {
      await Bun.sleep(100)
      throw new Error('store down')
    })
    await Bun.sleep(10)
    const waiting = lookAside(redis, 'dashboard:t:k=6', 60, slowly('v1', 0))
    await expect(failing).rejects.toThrow('store down')
    expect(await waiting).toMatchObject({ value: 'v1', hit: false })
  })
})
