/** The SQL condition of an optional half-open time range on one column, with its parameters. */
import type { TimeRange } from '../store/port'

export function inRange(column: string, range: TimeRange | undefined): { sql: string; params: Date[] } {
  return range ? { sql: ` AND ${column} >= ? AND ${column} < ?`, params: [range.from, range.to] } : { sql: '', params: [] }
}
