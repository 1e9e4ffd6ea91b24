import { t } from 'elysia'
import { instant } from '../../../common/schemas/formats'

const token = t.String({ minLength: 3, maxLength: 128, description: 'the reservation token from POST …/reservations' })

export const confirmBody = t.Object(
  {
    token,
    amount: t.Optional(t.Number({ minimum: 0, description: 'when sent, must equal the activity price' })),
    paymentMethod: t.Optional(t.Union([t.Literal('CARD'), t.Literal('BANK_TRANSFER'), t.Literal('WALLET')])),
  },
  { additionalProperties: false },
)
export type ConfirmBody = typeof confirmBody.static

export const cancelBody = t.Object({ token }, { additionalProperties: false })

export const confirmation = t.Object({
  status: t.Literal('CONFIRMED'),
  activityId: t.Integer(),
  orderId: t.String(),
  amount: t.Number(),
  confirmedAt: instant(),
  replayed: t.Boolean({ description: 'true when this token was confirmed before and this is the same answer again' }),
})
export type Confirmation = typeof confirmation.static

export const cancellation = t.Object({ status: t.Literal('CANCELLED'), activityId: t.Integer() })
export type Cancellation = typeof cancellation.static
