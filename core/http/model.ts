/** Schemas every admin route shares: paging, money and instants (path ids: common/http/ids). */
import { Type } from '@sinclair/typebox'
import { t } from 'elysia'

// activity windows are instants: ISO-8601 with a time zone (Elysia's `date-time` is lenient)
export { instant } from '../../common/schemas/formats'

/**
 * A whole number in a JSON body. Elysia's `t.Integer` also takes numeric strings (for paths and
 * query strings), which turns its errors into "must be integer" even for a number out of range.
 */
export const integer = (options: { minimum?: number; maximum?: number } = {}) => Type.Integer(options)

export const pageQuery = t.Object({
  limit: t.Optional(t.Integer({ minimum: 1, maximum: 500 })),
  offset: t.Optional(t.Integer({ minimum: 0 })),
})
export type PageQuery = typeof pageQuery.static

export function page(query: PageQuery) {
  return { limit: query.limit ?? 100, offset: query.offset ?? 0 }
}

/** Money in DECIMAL(15,2): up to 13 integer digits and 2 decimals. */
export const money = () => t.Number({ minimum: 0, maximum: 9_999_999_999_999.99 })
