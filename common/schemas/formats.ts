/**
 * Formats of our own, registered under our own name. TypeBox's format registry is global and
 * Elysia registers a lenient `date-time` (it takes "2025-11-28" or "Fri Nov 28 …") whenever it
 * loads first, so a contract that said `date-time` would depend on import order. An instant is an
 * ISO-8601 date-time with its time zone, e.g. `2025-11-28T00:00:00Z`: unambiguous everywhere.
 */
import { FormatRegistry, Type } from '@sinclair/typebox'

const isoInstant = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/

if (!FormatRegistry.Has('instant')) FormatRegistry.Set('instant', (v) => isoInstant.test(v) && !Number.isNaN(Date.parse(v)))

/** A string schema for an ISO-8601 date-time with its time zone. */
export const instant = (options: { description?: string } = {}) => Type.String({ format: 'instant', ...options })
