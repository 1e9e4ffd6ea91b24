import { t } from 'elysia'
import { idParam } from '../../../common/http/ids'
import { instant } from '../../../common/schemas/formats'

export const params = t.Object({ id: idParam('activity id') })

/** The shopper comes from the token; a body may be sent but carries nothing (never a user id). */
export const body = t.Optional(t.Object({}, { additionalProperties: false }))

export const reservation = t.Object({
  status: t.Literal('RESERVED'),
  activityId: t.Integer(),
  token: t.String({ description: 'reservation token to confirm or cancel the hold with' }),
  expiresAt: instant({ description: 'the hold lapses at this time unless paid' }),
})
export type Reservation = typeof reservation.static
