import { t } from 'elysia'
import { instant, integer, money } from '../../http/model'

/** An id as in the entry command: decimal text, or a JSON number when it is a safe integer. */
const idValue = (description: string) =>
  t.Union([integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }), t.String({ format: 'decimal-id' })], { description })

/** DECIMAL(15,2) as decimal text or a JSON number, at most 2 decimals. */
const amountValue = t.Union([
  money(),
  t.String({ pattern: '^(0|[1-9][0-9]{0,12})(\\.[0-9]{1,2})?$', description: 'an amount as decimal text, at most 2 decimals' }),
])

export const maxOrdersPerBatch = 1000

export const order = t.Object(
  {
    /** the storefront's order id: one order is stored once, however often it is sent */
    orderId: t.String({ minLength: 1, maxLength: 64, pattern: '^[\\x21-\\x7e]+$' }),
    userId: idValue('the shopper; one core has not seen is created as a BRONZE member'),
    productId: idValue('a product known to core'),
    /** unit price paid */
    price: amountValue,
    quantity: t.Optional(integer({ minimum: 1, maximum: 1_000_000 })),
    /** when it was bought: the past (history imports) or now, never the future */
    purchasedAt: instant(),
  },
  { additionalProperties: false },
)
export type OrderInput = typeof order.static

export const orderBatch = t.Object(
  { orders: t.Array(order, { minItems: 1, maxItems: maxOrdersPerBatch }) },
  { additionalProperties: false },
)
export type OrderBatch = typeof orderBatch.static

export interface OrderRejection {
  /** the order's position in the batch */
  index: number
  orderId: string
  code: 'UNKNOWN_PRODUCT' | 'PURCHASED_IN_FUTURE' | 'ORDER_ID_TAKEN'
  message: string
}

export interface OrderIntakeResult {
  stored: number
  duplicates: number
  rejected: OrderRejection[]
}
