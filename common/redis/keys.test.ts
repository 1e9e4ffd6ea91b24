/** Reservation tokens carry their activity and the time their hold was taken, and nothing else can pass for one. */
import { expect, test } from 'bun:test'
import { activityIdOfToken, heldAtOfToken, reservationToken } from './keys'

test('a token gives back its activity and the millisecond its hold was taken, now and after 2059 (9 digits)', () => {
  for (const at of [0, Date.parse('2026-12-03T09:41:07.123Z'), Date.parse('2060-01-01T00:00:00.001Z')]) {
    const token = reservationToken(42, at)
    expect(token).toMatch(/^42\.[0-9a-z]{8,9}[A-Za-z0-9_-]{16}$/)
    expect(activityIdOfToken(token)).toBe(42)
    expect(heldAtOfToken(token)).toEqual(new Date(at))
  }
})

test('two tokens of the same millisecond differ (96 random bits each)', () => {
  const at = Date.now()
  expect(new Set(Array.from({ length: 1000 }, () => reservationToken(1, at))).size).toBe(1000)
})

test('a token issued before tokens carried the time, or anything else, has no time', () => {
  for (const token of ['7.AbCdEfGhIjKlMnOpQrStUv', '7.abcdefghijklmnopqrstuv', '7.', '', 'nodot', '7.ABCDEFGHabcdefghijklmnop', '7.mipq1a2b-', `7.mipq1a2b${'x'.repeat(18)}`])
    expect(heldAtOfToken(token)).toBeUndefined()
})

test('a hold is taken at a whole, non-negative millisecond', () => {
  for (const at of [1.5, -1, Number.NaN, 2 ** 53]) expect(() => reservationToken(1, at)).toThrow(RangeError)
})
