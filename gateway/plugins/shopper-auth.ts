/**
 * Resolves the shopper from `Authorization: Bearer <jwt>` before the body is read, so an
 * unauthenticated caller costs a header check, not a body upload, and learns nothing about the
 * endpoint's schema. Routes that use it get `shopperId`, and a body of at most `maxBodyBytes`.
 *
 * Elysia parses a body before any `derive`, so parsing is deferred: the parse hook claims the body
 * without reading it, and a transform hook after the shopper's `derive` reads it (transform runs
 * before validation, so the route's body schema still applies).
 */
import { Elysia } from 'elysia'
import type { ShopperTokens } from '../../common/auth/shopper-token'
import { readJsonBody } from '../../common/http/body'

/** Shopper routes take a reservation or payment token and little else: a confirm body is ~200 bytes. */
export const shopperBodyMaxBytes = 2048

export function shopperAuth(tokens: ShopperTokens, maxBodyBytes = shopperBodyMaxBytes) {
  return new Elysia()
    .onParse({ as: 'scoped' }, () => null)
    .derive({ as: 'scoped' }, ({ request }) => ({
      shopperId: tokens.verify(request.headers.get('authorization') ?? undefined),
    }))
    .onTransform({ as: 'scoped' }, async (context) => {
      context.body = await readJsonBody(context.request, maxBodyBytes)
    })
}
