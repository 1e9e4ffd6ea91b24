/**
 * Resolves the shopper from `Authorization: Bearer <jwt>` before the body is validated, so an
 * unauthenticated caller learns nothing about the endpoint's schema. Routes that use it get
 * `shopperId`.
 */
import { Elysia } from 'elysia'
import type { ShopperTokens } from '../../common/auth/shopper-token'

export function shopperAuth(tokens: ShopperTokens) {
  return new Elysia().derive({ as: 'scoped' }, ({ request }) => ({
    shopperId: tokens.verify(request.headers.get('authorization') ?? undefined),
  }))
}
