/**
 * Shopper identity: a standard HS256 JWT whose `sub` is the storefront's user id, signed with the
 * secret shared with the storefront (AXON_USER_JWT_SECRET) and sent as `Authorization: Bearer …`.
 * A token must expire (`exp`), must not be from the future (`nbf`, `iat`), and must name the
 * configured audience and issuer when there are any; clocks may differ by `leewaySeconds`.
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
import { isDecimalId } from '../schemas/formats'

export interface ShopperTokens {
  /** returns the shopper's user id, or throws a 401 AppError saying what is wrong */
  verify(authorization: string | undefined): number
  sign(userId: number, ttlSeconds?: number): string
}

export interface ShopperTokenOptions {
  /** the `aud` every token must name; empty: not checked */
  audience?: string
  /** the `iss` every token must carry; empty: not checked */
  issuer?: string
  /** how far the storefront's clock may be from ours, for exp, nbf and iat */
  leewaySeconds?: number
}

const bearer = /^Bearer\s+(\S+)$/i

function reasonOf(error: unknown): string {
  if (error instanceof TokenError) {
    if (error.code === TokenError.codes.expired) return 'the token has expired'
    if (error.code === TokenError.codes.invalidSignature) return 'the token signature is invalid'
    if (error.code === TokenError.codes.invalidAlgorithm) return 'the token must be signed with HS256'
    if (error.code === TokenError.codes.inactive) return 'the token is not valid yet'
    if (error.code === TokenError.codes.missingRequiredClaim) return `the token lacks a required claim: ${error.message}`
    if (error.code === TokenError.codes.invalidClaimValue) return `the token is not for this platform: ${error.message}`
  }
  return 'the token is malformed'
}

export function shopperTokens(secret: string, options: ShopperTokenOptions = {}): ShopperTokens {
  if (!secret) throw new Error('AXON_USER_JWT_SECRET is empty: shopper tokens cannot be checked')
  const { audience, issuer, leewaySeconds = 30 } = options
  const verifier = createVerifier({
    key: secret,
    algorithms: ['HS256'],
    // fast-jwt skips an allowed aud/iss that the token does not carry, hence required as well
    requiredClaims: ['exp', ...(audience ? ['aud'] : []), ...(issuer ? ['iss'] : [])],
    allowedAud: audience || undefined,
    allowedIss: issuer || undefined,
    clockTolerance: leewaySeconds * 1000,
  })
  const signer = createSigner({ key: secret, algorithm: 'HS256', aud: audience || undefined, iss: issuer || undefined })
  return {
    verify(authorization) {
      const match = authorization ? bearer.exec(authorization) : null
      if (!match) throw new AppError('UNAUTHENTICATED', 401, 'send the shopper token as "Authorization: Bearer <token>"')
      let claims: { sub?: unknown; iat?: unknown }
      try {
        claims = verifier(match[1]!)
      } catch (error) {
        throw new AppError('INVALID_TOKEN', 401, reasonOf(error))
      }
      // fast-jwt checks iat only against a maxAge; a token issued in the future is forged or mis-clocked
      if (claims.iat !== undefined && !(typeof claims.iat === 'number' && claims.iat - leewaySeconds <= Date.now() / 1000))
        throw new AppError('INVALID_TOKEN', 401, 'the token is issued in the future (iat)')
      if (typeof claims.sub !== 'string' || !isDecimalId(claims.sub))
        throw new AppError('INVALID_TOKEN', 401, 'the token subject (sub) must be a positive integer user id in decimal digits')
      return Number(claims.sub)
    },
    sign(userId, ttlSeconds = 24 * 3600) {
      return signer({ sub: String(userId), exp: Math.floor(Date.now() / 1000) + ttlSeconds })
    },
  }
}
