import { describe, expect, test } from 'bun:test'
import { calendarDaysBetween, shopDay } from './shop-days'

describe('shop days', () => {
  test('are calendar days in the shop time zone, also in zones a quarter hour off the hour', () => {
    expect(shopDay(new Date('2025-11-27T14:59:59.999Z'), 'Asia/Seoul')).toBe('2025-11-27')
    expect(shopDay(new Date('2025-11-27T15:00:00Z'), 'Asia/Seoul')).toBe('2025-11-28')
    // Kathmandu is UTC+5:45: its midnight is 18:15 UTC
    expect(shopDay(new Date('2025-11-27T18:14:59.999Z'), 'Asia/Kathmandu')).toBe('2025-11-27')
    expect(shopDay(new Date('2025-11-27T18:15:00Z'), 'Asia/Kathmandu')).toBe('2025-11-28')
    // a day of a daylight-saving change: New York's midnight after it is 04:00 UTC, before it 05:00
    expect(shopDay(new Date('2025-03-09T04:59:00Z'), 'America/New_York')).toBe('2025-03-08')
    expect(shopDay(new Date('2025-03-10T03:59:00Z'), 'America/New_York')).toBe('2025-03-09')
    expect(shopDay(new Date('2025-03-10T04:00:00Z'), 'America/New_York')).toBe('2025-03-10')
  })

  test('calendar days between two instants count midnights crossed, not 24-hour periods', () => {
    expect(calendarDaysBetween(new Date('2025-01-10T14:30:00Z'), new Date('2025-01-10T15:10:00Z'), 'Asia/Seoul')).toBe(1)
    expect(calendarDaysBetween(new Date('2025-01-10T15:10:00Z'), new Date('2025-01-11T14:50:00Z'), 'Asia/Seoul')).toBe(0)
    expect(calendarDaysBetween(new Date('2024-03-05T03:00:00Z'), new Date('2025-03-05T03:00:00Z'), 'Asia/Seoul')).toBe(365)
  })
})
