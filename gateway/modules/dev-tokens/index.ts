/**
 * Issues shopper tokens for demos and load tests, standing in for the storefront's login.
 * Mounted only when AXON_DEV_TOKENS is on (never in production; config refuses it).
 */
import { Elysia, t } from 'elysia'
import type { ShopperTokens } from '../../../common/auth/shopper-token'

const issueBody = t.Object(
  {
    userId: t.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }),
    ttlSeconds: t.Optional(t.Integer({ minimum: 60, maximum: 30 * 24 * 3600, default: 24 * 3600 })),
  },
  { additionalProperties: false },
)

export function devTokenRoutes(tokens: ShopperTokens) {
  return new Elysia({ prefix: '/api/v1/dev' }).post(
    '/tokens',
    ({ body, set }) => {
      const ttlSeconds = body.ttlSeconds ?? 24 * 3600
      set.status = 201
      return {
        userId: body.userId,
        token: tokens.sign(body.userId, ttlSeconds),
        expiresAt: new Date(Date.now() + ttlSeconds * 1000).toISOString(),
      }
    },
    { body: issueBody },
  )
}
