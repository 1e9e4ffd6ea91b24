/**
 * Ids in paths, for every process: canonical decimal digits of a positive safe integer, handed to
 * the route as a number. Elysia's t.Integer and t.Numeric take "1e0", "0x1" and " 1" as well.
 */
import { t } from 'elysia'
import '../schemas/formats'

/** One path parameter holding an id. */
export const idParam = (description?: string) =>
  t
    .Transform(t.String({ format: 'decimal-id', description }))
    .Decode((value) => Number(value))
    .Encode((id) => String(id))

/** `/…/:id` */
export const idParams = t.Object({ id: idParam() })
