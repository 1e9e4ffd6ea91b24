import { expect, test } from 'bun:test'
import { formatsFor } from './format'

const seoul = formatsFor({ locale: 'ko-KR', currency: 'KRW', timeZone: 'Asia/Seoul' })
const berlin = formatsFor({ locale: 'de-DE', currency: 'EUR', timeZone: 'Europe/Berlin' })

test('money in the shop\'s currency and locale: won without decimals, euros with cents', () => {
  expect(seoul.money(1234567)).toBe('₩1,234,567')
  expect(berlin.money(1234.5)).toBe('1.234,50\u00a0€')
  expect(seoul.money(null)).toBe('–')
})

test('rates come in percent from the API and keep two decimals at most', () => {
  expect(seoul.percent(12.345)).toBe('12.35%')
  expect(seoul.percent(0)).toBe('0%')
  expect(berlin.percent(3.5)).toBe('3,5\u00a0%')
})

test('instants are written in the shop\'s time zone: 15:30 UTC is past midnight in Seoul', () => {
  expect(seoul.date('2025-11-10T15:30:00Z')).toBe('2025-11-11')
  expect(berlin.dateTime('2025-11-10T15:30:00Z')).toBe('2025-11-10 16:30')
})

test('dates read one way on every page, as the charts and CSVs write them (not "2025. 11. 10." beside "2025-11-10")', () => {
  expect(seoul.dateTime('2025-11-10T00:00:00Z')).toBe('2025-11-10 09:00')
  expect(seoul.dateTime(new Date('2025-12-31T15:00:00Z'))).toBe('2026-01-01 00:00')
  expect(seoul.date('2025-11-10T00:00:00Z')).toBe('2025-11-10')
})

test('durations read as a person says them', () => {
  expect(seoul.duration(45)).toBe('45 s')
  expect(seoul.duration(200)).toBe('3 min 20 s')
  expect(seoul.duration(7500)).toBe('2 h 5 min')
  expect(seoul.duration(3 * 86_400)).toBe('3 d')
  expect(seoul.count(12345)).toBe('12,345')
})
