/**
 * TypeBox rejects values of formats it does not know. Elysia registers its own formats when it is
 * loaded; processes that validate bus messages without Elysia get the ones we use from here.
 */
import { FormatRegistry } from '@sinclair/typebox'

const isoDateTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/

if (!FormatRegistry.Has('date-time')) {
  FormatRegistry.Set('date-time', (v) => isoDateTime.test(v) && !Number.isNaN(Date.parse(v)))
}
