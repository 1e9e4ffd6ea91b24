import { describe, expect, test } from 'bun:test'
import { Type } from '@sinclair/typebox'
import { compileSchema } from './check'
import { instant, instantMs, isDecimalId } from './formats'

describe('instant', () => {
  const schema = compileSchema(Type.Object({ at: instant() }))

  test.each([
    '2025-11-28T10:00:00Z',
    '2025-11-28T10:00Z',
    '2025-11-28T19:00:00.123456789+09:00',
    '2024-02-29T00:00:00Z',
    '1970-01-01T00:00:00Z',
    '1970-01-01T09:00:00+09:00',
    '9999-12-31T23:59:59.999Z',
    '9999-12-31T23:59:59+01:00',
  ])('takes %s', (at) => {
    expect(schema.check({ at })).toBe(true)
  })

  test.each([
    ['year 10000 in UTC once the offset is applied (stalled the sink)', '9999-12-31T23:59:59-01:00'],
    ['a millisecond after the latest', '10000-01-01T00:00:00Z'],
    ['year 0000 (stored as 0000-00-00)', '0000-01-01T00:00:00Z'],
    ['year 0001 (stored as 2001)', '0001-06-01T00:00:00Z'],
    ['before 1970', '1969-12-31T23:59:59.999Z'],
    ['before 1970 once the offset is applied', '1970-01-01T08:59:59+09:00'],
    ['a day the month does not have', '2025-02-30T00:00:00Z'],
    ['29 February of a common year', '2025-02-29T00:00:00Z'],
    ['hour 24', '2025-01-01T24:00:00Z'],
    ['no time zone', '2025-11-28T10:00:00'],
    ['a date alone', '2025-11-28'],
    ['an extended year', '+002025-11-28T10:00:00Z'],
  ])('refuses %s', (_, at) => {
    expect(schema.check({ at })).toBe(false)
    expect(schema.describe({ at })).toContain('from 1970-01-01T00:00:00Z to 9999-12-31T23:59:59.999Z')
  })

  test('instantMs gives the instant in UTC milliseconds', () => {
    expect(instantMs('2025-11-28T19:00:00+09:00')).toBe(Date.parse('2025-11-28T10:00:00Z'))
    expect(instantMs('9999-12-31T23:59:59-01:00')).toBeNaN()
  })
})

describe('decimal-id', () => {
  const schema = compileSchema(Type.Object({ id: Type.String({ format: 'decimal-id' }) }))

  test.each(['1', '42', '9007199254740991'])('takes %s', (id) => {
    expect(isDecimalId(id)).toBe(true)
    expect(schema.check({ id })).toBe(true)
  })

  test.each(['0', '-1', '+3', '01', ' 3 ', '3 ', '1e1', '1e0', '0x10', '0x1', '1.0', '1_000', '', 'abc', '9007199254740992', '99999999999999999'])(
    'refuses %p',
    (id) => {
      expect(isDecimalId(id)).toBe(false)
      expect(schema.describe({ id })).toBe('id must be a whole number from 1 to 9007199254740991 in decimal digits')
    },
  )
})
