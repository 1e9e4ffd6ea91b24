/** Schemas every admin route shares: path ids, paging, and instants. */
import { FormatRegistry, Type } from '@sinclair/typebox'
import { t } from 'elysia'

// Elysia's own `date-time` also takes "2025-11-28" or "Fri Nov 28 …"; an activity window must be
// an unambiguous instant, so core checks its own stricter format: ISO-8601 with a time zone.
const isoInstant = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/
if (!FormatRegistry.Has('date-time-with-zone'))
  FormatRegistry.Set('date-time-with-zone', (v) => isoInstant.test(v) && !Number.isNaN(Date.parse(v)))

/** An ISO-8601 date-time with its time zone, e.g. `2025-11-28T00:00:00Z`. */
export const instant = () => t.String({ format: 'date-time-with-zone' })

/**
 * A whole number in a JSON body. Elysia's `t.Integer` also takes numeric strings (for paths and
 * query strings), which turns its errors into "must be integer" even for a number out of range.
 */
export const integer = (options: { minimum?: number; maximum?: number } = {}) => Type.Integer(options)

export const idParams = t.Object({ id: t.Integer({ minimum: 1 }) })

export const pageQuery = t.Object({
  limit: t.Optional(t.Integer({ minimum: 1, maximum: 500 })),
  offset: t.Optional(t.Integer({ minimum: 0 })),
})
export type PageQuery = typeof pageQuery.static

export function page(query: PageQuery) {
  return { limit: query.limit ?? 100, offset: query.offset ?? 0 }
}

/** Money in DECIMAL(15,2): up to 13 integer digits. */
export const money = () => t.Number({ minimum: 0, maximum: 9_999_999_999_999 })
