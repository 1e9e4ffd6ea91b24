/**
 * Calendar days in the shop's time zone (AXON_SHOP_TIME_ZONE): the acquisition day of a cohort
 * customer and calendar-day retention are counted in the days the shop's customers live in, not
 * in UTC days.
 */
interface Zone {
  format: Intl.DateTimeFormat
  /** day of each quarter hour of UTC time seen: formatting costs tens of µs, the cohort job asks per purchase */
  days: Map<number, string>
}

const zones = new Map<string, Zone>()
/** every zone's offset is a whole number of quarter hours, so a UTC quarter hour lies in one shop day */
const quarterHourMs = 900_000
const mostRemembered = 100_000

function zoneOf(name: string): Zone {
  let zone = zones.get(name)
  if (!zone) {
    // en-CA writes dates as YYYY-MM-DD
    zone = { format: new Intl.DateTimeFormat('en-CA', { timeZone: name, year: 'numeric', month: '2-digit', day: '2-digit' }), days: new Map() }
    zones.set(name, zone)
  }
  return zone
}

/** The shop day `instant` falls on, as `YYYY-MM-DD`. */
export function shopDay(instant: Date, zoneName: string): string {
  const zone = zoneOf(zoneName)
  const quarter = Math.floor(instant.getTime() / quarterHourMs)
  let day = zone.days.get(quarter)
  if (day === undefined) {
    if (zone.days.size >= mostRemembered) zone.days.clear()
    day = zone.format.format(instant)
    zone.days.set(quarter, day)
  }
  return day
}

/** Days from one `YYYY-MM-DD` to another (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000)
}

/** How many shop calendar days lie between two instants: 0 on the same shop day. */
export function calendarDaysBetween(from: Date, to: Date, zone: string): number {
  return daysBetween(shopDay(from, zone), shopDay(to, zone))
}
