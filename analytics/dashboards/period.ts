/**
 * The time a dashboard question is about. Periods 1d/7d/30d are the last N×24 h ending now; a
 * custom period runs from startDate to endDate, the whole of endDate's day when it is a date
 * alone. Ranges are half-open [from, to). Days of comparisons are calendar days in the shop's
 * time zone (AXON_SHOP_TIME_ZONE).
 */
import { t } from 'elysia'
import { invalidParameter } from '../../common/http/errors'
import { dashboardDateMs } from '../../common/schemas/formats'
import { shopDay } from '../../common/shop-days'
import type { TimeRange } from '../store/port'
import { dashboardDate } from './params'

export const periodNames = ['1d', '7d', '30d', 'custom'] as const
export type PeriodName = (typeof periodNames)[number]

export const periodName = t.Union(
  periodNames.map((name) => t.Literal(name)),
  { description: '1d, 7d, 30d: the last N×24 hours ending now; custom: startDate to endDate (default 7d)' },
)

/** The period parameters of campaign-wide questions. */
export const periodParams = {
  period: t.Optional(periodName),
  startDate: t.Optional(dashboardDate('start of a custom period')),
  endDate: t.Optional(dashboardDate('end of a custom period, inclusive of its whole day when a date alone')),
}

const dayMs = 24 * 60 * 60 * 1000
const dateOnly = /^\d{4}-\d{2}-\d{2}$/

export interface Period extends TimeRange {
  name: PeriodName
  /** true when the period ended before now: its numbers no longer change (and may be cached) */
  closed: boolean
}

/** A dashboard date as an instant; `asEnd` makes a date alone the end of its whole day. */
export function dashboardInstant(value: string, parameter: string, asEnd = false): Date {
  const ms = dashboardDateMs(value)
  if (Number.isNaN(ms)) throw invalidParameter(parameter, 'must be an ISO-8601 date-time or a date such as 2025-11-28')
  return new Date(asEnd && dateOnly.test(value) ? ms + dayMs : ms)
}

/** [startDate, endDate] as a half-open range; endDate before startDate is refused. */
export function customRange(startDate: string, endDate: string): TimeRange {
  const from = dashboardInstant(startDate, 'startDate')
  if (dashboardInstant(endDate, 'endDate').getTime() < from.getTime()) throw invalidParameter('endDate', 'must not be before startDate')
  return { from, to: dashboardInstant(endDate, 'endDate', true) }
}

export function resolvePeriod(
  { period = '7d', startDate, endDate }: { period?: PeriodName; startDate?: string; endDate?: string },
  now = new Date(),
): Period {
  if (period !== 'custom') {
    const hours = Number(period.slice(0, -1)) * 24
    return { name: period, from: new Date(now.getTime() - hours * 3_600_000), to: now, closed: false }
  }
  if (startDate === undefined) throw invalidParameter('startDate', 'is required when period is custom')
  if (endDate === undefined) throw invalidParameter('endDate', 'is required when period is custom')
  const range = customRange(startDate, endDate)
  return { name: period, ...range, closed: range.to.getTime() <= now.getTime() }
}

/** The calendar day (YYYY-MM-DD) of an instant in the shop's zone: one definition, shared with the cohort job. */
export { shopDay }

/** Every calendar day in `timeZone` that [from, to) touches, oldest first. */
export function shopDays({ from, to }: TimeRange, timeZone: string): string[] {
  if (to.getTime() <= from.getTime()) return []
  const last = shopDay(new Date(to.getTime() - 1), timeZone)
  const days: string[] = []
  for (let day = shopDay(from, timeZone); day <= last; day = nextDay(day)) days.push(day)
  return days
}

function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + dayMs).toISOString().slice(0, 10)
}

/** A range from optional dates: none means all time (undefined); one alone is refused. */
export function optionalRange(startDate: string | undefined, endDate: string | undefined): TimeRange | undefined {
  if (startDate === undefined && endDate === undefined) return undefined
  if (startDate === undefined) throw invalidParameter('startDate', 'is required with endDate')
  if (endDate === undefined) throw invalidParameter('endDate', 'is required with startDate')
  return customRange(startDate, endDate)
}
