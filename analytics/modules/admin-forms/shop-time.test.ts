import { expect, test } from 'bun:test'
import { instantToShopLocal, shopLocalToInstant } from './shop-time'

test('a wall-clock time in the shop\'s zone is the instant the shop lives it', () => {
  expect(shopLocalToInstant('2025-11-28T10:00', 'Asia/Seoul')).toBe('2025-11-28T01:00:00.000Z')
  expect(shopLocalToInstant('2025-01-15T09:30', 'Europe/Berlin')).toBe('2025-01-15T08:30:00.000Z')
  expect(shopLocalToInstant('2025-07-15T09:30', 'Europe/Berlin')).toBe('2025-07-15T07:30:00.000Z')
  expect(shopLocalToInstant('2025-11-28T00:00', 'UTC')).toBe('2025-11-28T00:00:00.000Z')
})

test('not a date-time, or a day that does not exist: null', () => {
  for (const bad of ['', 'tomorrow', '2025-02-30T10:00', '2025-11-28T25:00', '2025-11-28']) expect(shopLocalToInstant(bad, 'Asia/Seoul')).toBeNull()
})

test('an instant shows as the shop\'s wall clock, and back', () => {
  expect(instantToShopLocal('2025-11-28T01:00:00Z', 'Asia/Seoul')).toBe('2025-11-28T10:00')
  expect(instantToShopLocal(new Date('2025-11-27T15:30:00Z'), 'Asia/Seoul')).toBe('2025-11-28T00:30')
  const local = '2025-03-30T03:15'
  expect(instantToShopLocal(shopLocalToInstant(local, 'Europe/Berlin')!, 'Europe/Berlin')).toBe(local)
})
