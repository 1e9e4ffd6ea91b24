import { describe, expect, test } from 'bun:test'
import { AppError } from '../../common/errors'
import { resolvePeriod, shopDay, shopDays } from './period'

const now = new Date('2025-11-28T10:30:00Z')

function refusal(run: () => unknown): Record<string, unknown> {
  try {
    run()
  } catch (error) {
    if (error instanceof AppError) return error.toBody()
    throw error
  }
  throw new Error('not refused')
}

describe('periods', () => {
  test('1d, 7d and 30d are the last N×24 hours ending now; 7d is the default; they are never closed', () => {
    expect(resolvePeriod({ period: '1d' }, now)).toEqual({ name: '1d', from: new Date('2025-11-27T10:30:00Z'), to: now, closed: false })
    expect(resolvePeriod({}, now).from).toEqual(new Date('2025-11-21T10:30:00Z'))
    expect(resolvePeriod({ period: '30d' }, now).from).toEqual(new Date('2025-10-29T10:30:00Z'))
  })

  test('custom dates: date-only is UTC midnight and takes the end date whole; no zone means UTC; zones apply', () => {
    expect(resolvePeriod({ period: 'custom', startDate: '2025-11-01', endDate: '2025-11-03' }, now)).toEqual({
      name: 'custom', from: new Date('2025-11-01T00:00:00Z'), to: new Date('2025-11-04T00:00:00Z'), closed: true,
    })
    const zoned = resolvePeriod({ period: 'custom', startDate: '2025-11-01T09:00', endDate: '2025-11-28T12:00:00+09:00' }, now)
    expect([zoned.from, zoned.to, zoned.closed]).toEqual([new Date('2025-11-01T09:00:00Z'), new Date('2025-11-28T03:00:00Z'), true])
    // a period reaching past now still changes: not closed
    expect(resolvePeriod({ period: 'custom', startDate: '2025-11-28', endDate: '2025-11-28' }, now).closed).toBe(false)
  })

  test('custom without both dates, an end before its start, or an unparseable date name the parameter', () => {
    expect(refusal(() => resolvePeriod({ period: 'custom', endDate: '2025-11-03' }, now))).toMatchObject({ code: 'INVALID_PARAMETER', parameter: 'startDate' })
    expect(refusal(() => resolvePeriod({ period: 'custom', startDate: '2025-11-03' }, now))).toMatchObject({ parameter: 'endDate' })
    expect(refusal(() => resolvePeriod({ period: 'custom', startDate: '2025-11-03', endDate: '2025-11-02' }, now))).toEqual({
      code: 'INVALID_PARAMETER', parameter: 'endDate', message: 'endDate must not be before startDate',
    })
    for (const bad of ['2025-02-30', '2025-11-28T24:00', 'yesterday', '2025-11-28T10:61Z'])
      expect(refusal(() => resolvePeriod({ period: 'custom', startDate: bad, endDate: '2025-12-01' }, now))).toMatchObject({ parameter: 'startDate' })
  })
})

describe('shop days', () => {
  test('are calendar days in the shop time zone', () => {
    expect(shopDay(new Date('2025-11-27T15:00:00Z'), 'Asia/Seoul')).toBe('2025-11-28')
    expect(shopDay(new Date('2025-11-27T14:59:59.999Z'), 'Asia/Seoul')).toBe('2025-11-27')
    expect(shopDay(new Date('2025-11-28T03:00:00Z'), 'America/New_York')).toBe('2025-11-27')
  })

  test('a range lists every day it touches, its exclusive end left out', () => {
    const range = { from: new Date('2025-11-27T14:00:00Z'), to: new Date('2025-11-29T15:00:00Z') }
    expect(shopDays(range, 'Asia/Seoul')).toEqual(['2025-11-27', '2025-11-28', '2025-11-29'])
    expect(shopDays(range, 'UTC')).toEqual(['2025-11-27', '2025-11-28', '2025-11-29'])
    expect(shopDays({ from: new Date('2025-11-01T00:00:00Z'), to: new Date('2025-11-03T00:00:00Z') }, 'UTC')).toEqual(['2025-11-01', '2025-11-02'])
  })
})
