/**
 * BASELINE, NOT PRODUCT CODE: runs the real gateway (`bun --preload <variant> gateway/main.ts`)
 * with `common/auth/shopper-token.ts` replaced, so a variant differs from the product in exactly
 * one thing — how a shopper token is verified — and follows every other change to the gateway.
 * The preload: no-jwt.ts.
 */
import { plugin } from 'bun'
import type { ShopperTokens } from '../../../common/auth/shopper-token'

/** The replacement only verifies: a benchmark runs with AXON_DEV_TOKENS off, so nothing signs. */
export function replaceShopperTokens(name: string, verifierFor: (secret: string) => ShopperTokens['verify']) {
  const shopperTokens = (secret: string): ShopperTokens => ({
    verify: verifierFor(secret),
    sign: () => {
      throw new Error(`the ${name} benchmark variant does not issue tokens`)
    },
  })
  plugin({
    name,
    setup(build) {
      build.onLoad({ filter: /common\/auth\/shopper-token\.ts$/ }, () => ({ exports: { shopperTokens }, loader: 'object' }))
    },
  })
}
