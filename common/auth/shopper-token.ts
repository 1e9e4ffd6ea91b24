/**
 * Shopper identity: a standard HS256 JWT whose `sub` is the storefront's user id, signed with the
 * secret shared with the storefront (AXON_USER_JWT_SECRET) and sent as `Authorization: Bearer …`.
 *
 * fast-jwt rather than jose: under Bun jose verifies through WebCrypto at ~40 µs per token, fast-jwt
 * through node:crypto HMAC at ~8 µs; on a path that must take tens of thousands of reservations a
 * second that difference is most of a CPU core. fast-jwt's verified-token cache is left off: in a
 * flash sale nearly every token is new (a shopper shows it to reserve, then once more to pay), and
 * a miss costs two SHA-256 hashes of the token plus an LRU insert — 17–24 µs instead of 8–9 µs
 * (`bun loadtest/bench/jwt-verify.ts`).
 */
import { createSigner, createVerifier, TokenError } from 'fast-jwt'
import { AppError } from '../errors'

export interface ShopperTokens {
  /** returns the shopper's user id, or throws a 401 AppError saying what is wrong */
  verify(authorization: string | undefined): number
  sign(userId: number, ttlSeconds?: number): string
}

const bearer = /^Bearer\s+(\S+)$/i

function reasonOf(error: unknown): string {
  if (error instanceof TokenError) {
    if (error.code === TokenError.codes.expired) return 'the token has expired'
    if (error.code === TokenError.codes.invalidSignature) return 'the token signature is invalid'
    if (error.code === TokenError.codes.invalidAlgorithm) return 'the token must be signed with HS256'
    if (error.code === TokenError.codes.inactive) return 'the token is not valid yet'
  }
  return 'the token is malformed'
}

export function shopperTokens(secret: string): ShopperTokens {
  if (!secret) throw new Error('AXON_USER_JWT_SECRET is empty: shopper tokens cannot be checked')
  const verifier = createVerifier({ key: secret, algorithms: ['HS256'] })
  const signer = createSigner({ key: secret, algorithm: 'HS256' })
  return {
    verify(authorization) {
      const match = authorization ? bearer.exec(authorization) : null
      if (!match) throw new AppError('UNAUTHENTICATED', 401, 'send the shopper token as "Authorization: Bearer <token>"')
      let claims: { sub?: unknown }
      try {
        claims = verifier(match[1]!)
      } catch (error) {
        throw new AppError('INVALID_TOKEN', 401, reasonOf(error))
      }
      const userId = Number(claims.sub)
      if (typeof claims.sub !== 'string' || !Number.isSafeInteger(userId) || userId < 1)
        throw new AppError('INVALID_TOKEN', 401, 'the token subject (sub) must be a positive integer user id')
      return userId
    },
    sign(userId, ttlSeconds = 24 * 3600) {
      return signer({ sub: String(userId), exp: Math.floor(Date.now() / 1000) + ttlSeconds })
    },
  }
}
