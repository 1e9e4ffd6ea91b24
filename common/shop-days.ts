/**
 * Calendar days in the shop's time zone (AXON_SHOP_TIME_ZONE): the acquisition day of a cohort
 * customer and calendar-day retention are counted in the days the shop's customers live in, not
 * in UTC days.
 */
const formatters = new Map<string, Intl.DateTimeFormat>()

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone)
  if (!f) {
    // en-CA writes dates as YYYY-MM-DD
    f = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' })
    formatters.set(zone, f)
  }
  return f
}

/** The shop day `instant` falls on, as `YYYY-MM-DD`. */
export function shopDay(instant: Date, zone: string): string {
  return formatter(zone).format(instant)
}

/** Days from one `YYYY-MM-DD` to another (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000)
}

/** How many shop calendar days lie between two instants: 0 on the same shop day. */
export function calendarDaysBetween(from: Date, to: Date, zone: string): number {
  return daysBetween(shopDay(from, zone), shopDay(to, zone))
}
