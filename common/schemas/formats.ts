/**
 * Formats of our own, registered under our own names. TypeBox's format registry is global and
 * Elysia registers a lenient `date-time` (it takes "2025-11-28" or "Fri Nov 28 …") whenever it
 * loads first, so a contract that said `date-time` would depend on import order.
 *
 * - `instant`: an ISO-8601 date-time with its time zone, e.g. `2025-11-28T00:00:00Z`, on a real
 *   calendar day, from 1970-01-01T00:00:00Z to 9999-12-31T23:59:59.999Z once its offset is applied:
 *   a MariaDB DATETIME outside years 1000–9999 is stored as 0000-00-00 or fails the whole insert,
 *   and "9999-12-31T23:59:59-01:00" is year 10000 in UTC. Every store holds this range.
 * - `decimal-id`: a positive safe integer written in canonical decimal digits ("42"); "1e1", "0x10",
 *   "042", " 3 " and "+3" are refused, which `Number()` and Elysia's numeric coercion would take.
 * - `dashboard-date`: what a marketer types into a dashboard's date fields: an ISO-8601 date-time
 *   with or without a zone (none = UTC), or a date alone (UTC midnight), on a real calendar day.
 */
import { FormatRegistry, Type } from '@sinclair/typebox'

const isoInstant = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/

const earliestInstant = Date.parse('1970-01-01T00:00:00Z')
const latestInstant = Date.parse('9999-12-31T23:59:59.999Z')

/** Milliseconds since the epoch, or NaN when `value` is not an instant this platform stores. */
export function instantMs(value: string): number {
  const parts = isoInstant.exec(value)
  if (!parts) return NaN
  const [, year, month, day, hour] = parts.map(Number) as [number, number, number, number, number]
  // Date.parse rolls "02-30" over to March and "24:00" over to the next day; refuse them instead
  if (hour > 23 || day < 1 || day > new Date(Date.UTC(year, month, 0)).getUTCDate()) return NaN
  const ms = Date.parse(value)
  return ms >= earliestInstant && ms <= latestInstant ? ms : NaN
}

const decimalId = /^[1-9][0-9]{0,15}$/

/** True for "1" … "9007199254740991" in canonical decimal digits. */
export function isDecimalId(value: string): boolean {
  return decimalId.test(value) && Number.isSafeInteger(Number(value))
}

const dashboardDate = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})?)?$/

/** Milliseconds since the epoch of a `dashboard-date`, or NaN when `value` is not one. */
export function dashboardDateMs(value: string): number {
  const parts = dashboardDate.exec(value)
  if (!parts) return NaN
  const [, year, month, day, hour = '00', minute = '00', second = '00', fraction = '', zone = 'Z'] = parts as unknown as string[]
  // milliseconds are the finest unit Date keeps; a zone-less time is UTC by our definition
  const iso = `${year}-${month}-${day}T${hour}:${minute}:${second}${fraction.slice(0, 4)}${zone}`
  return Number(minute) > 59 || Number(second) > 59 ? NaN : instantMs(iso)
}

if (!FormatRegistry.Has('instant')) FormatRegistry.Set('instant', (v) => !Number.isNaN(instantMs(v)))
if (!FormatRegistry.Has('decimal-id')) FormatRegistry.Set('decimal-id', isDecimalId)
if (!FormatRegistry.Has('dashboard-date')) FormatRegistry.Set('dashboard-date', (v) => !Number.isNaN(dashboardDateMs(v)))

/** How each format is described to a client whose value does not match it. */
export const formatRules: Record<string, string> = {
  instant: 'must be an ISO-8601 date-time with a time zone, e.g. 2025-11-28T10:00:00Z, from 1970-01-01T00:00:00Z to 9999-12-31T23:59:59.999Z',
  'dashboard-date': 'must be an ISO-8601 date-time (with or without a time zone; none means UTC) or a date such as 2025-11-28',
  'decimal-id': `must be a whole number from 1 to ${Number.MAX_SAFE_INTEGER} in decimal digits`,
}

/** A string schema for an ISO-8601 date-time with its time zone. */
export const instant = (options: { description?: string } = {}) => Type.String({ format: 'instant', ...options })
