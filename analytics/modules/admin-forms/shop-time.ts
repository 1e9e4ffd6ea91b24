/**
 * Activity windows are typed in the shop's own wall-clock time (a `datetime-local` field has no
 * zone) and stored as instants: "2025-11-28T10:00" in Asia/Seoul is 01:00 UTC.
 */

const partsFormat = new Map<string, Intl.DateTimeFormat>()

function wallClock(instantMs: number, timeZone: string) {
  let f = partsFormat.get(timeZone)
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' })
    partsFormat.set(timeZone, f)
  }
  const p = Object.fromEntries(f.formatToParts(new Date(instantMs)).map((x) => [x.type, x.value]))
  return { y: +p.year!, mo: +p.month!, d: +p.day!, h: +p.hour!, mi: +p.minute!, s: +p.second! }
}

/** How far the zone's wall clock is ahead of UTC at `instantMs`, in ms. */
function offsetAt(instantMs: number, timeZone: string): number {
  const w = wallClock(instantMs, timeZone)
  return Date.UTC(w.y, w.mo - 1, w.d, w.h, w.mi, w.s) - Math.floor(instantMs / 1000) * 1000
}

/** "YYYY-MM-DDTHH:mm" in `timeZone` → ISO instant (UTC), or null when it is not such a value. */
export function shopLocalToInstant(local: string, timeZone: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(local)
  if (!m) return null
  const [y, mo, d, h, mi, s] = m.slice(1).map((v) => Number(v ?? 0)) as [number, number, number, number, number, number]
  const asUtc = Date.UTC(y, mo - 1, d, h, mi, s)
  if (new Date(asUtc).getUTCDate() !== d || h > 23 || mi > 59) return null
  // the offset where the wall time falls; asked twice so a DST change between the guesses settles
  let instant = asUtc - offsetAt(asUtc, timeZone)
  instant = asUtc - offsetAt(instant, timeZone)
  return new Date(instant).toISOString()
}

/** An instant → the `datetime-local` value showing it in `timeZone`. */
export function instantToShopLocal(instant: Date | string, timeZone: string): string {
  const w = wallClock(new Date(instant).getTime(), timeZone)
  const two = (n: number) => String(n).padStart(2, '0')
  return `${w.y}-${two(w.mo)}-${two(w.d)}T${two(w.h)}:${two(w.mi)}`
}
