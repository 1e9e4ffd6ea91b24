import { t } from 'elysia'
import { money } from '../../http/model'

const fields = {
  name: t.String({ minLength: 1, maxLength: 200 }),
  /** list price; an activity sells at its own promotional price */
  price: money(),
}

export const newProduct = t.Object(fields, { additionalProperties: false })
export type NewProduct = typeof newProduct.static

export const productChange = t.Partial(t.Object(fields), { additionalProperties: false, minProperties: 1 })
export type ProductChange = typeof productChange.static
