/** Admin routes for products. */
import { Elysia } from 'elysia'
import type { Pool } from '../../../common/clients/mysql'
import { idParams } from '../../../common/http/ids'
import { page, pageQuery } from '../../http/model'
import { newProduct, productChange } from './model'
import { changeProduct, createProduct, getProduct, listProducts } from './service'

export function productRoutes(pool: Pool) {
  return new Elysia({ prefix: '/api/v1/admin/products' })
    .post('/', async ({ body, set }) => {
      set.status = 201
      return createProduct(pool, body)
    }, { body: newProduct })
    .get('/', ({ query }) => listProducts(pool, page(query)), { query: pageQuery })
    .get('/:id', ({ params }) => getProduct(pool, params.id), { params: idParams })
    .patch('/:id', ({ params, body }) => changeProduct(pool, params.id, body), { params: idParams, body: productChange })
}
