import type { Pool } from '../../../common/clients/mysql'
import { coreErrors } from '../../errors'
import * as products from '../../repositories/products'
import type { NewProduct, ProductChange } from './model'

export async function createProduct(pool: Pool, input: NewProduct) {
  return getProduct(pool, await products.insertProduct(pool, input))
}

export async function changeProduct(pool: Pool, id: number, change: ProductChange) {
  await getProduct(pool, id)
  await products.updateProduct(pool, id, change)
  return getProduct(pool, id)
}

export async function getProduct(pool: Pool, id: number) {
  const product = await products.findProduct(pool, id)
  if (!product) throw coreErrors.unknownProduct(id)
  return product
}

export async function listProducts(pool: Pool, page: { limit: number; offset: number }) {
  return { items: await products.listProducts(pool, page) }
}
