/**
 * BASELINE, NOT PRODUCT CODE (a preload, see token-variant.ts): the gateway with fast-jwt verifying
 * every token without a token cache (the product's verifier keeps a 10,000-token cache).
 * Run by the benchmark: `--target product-uncached-jwt`.
 */
import { createVerifier } from 'fast-jwt'
import { replaceShopperTokens } from './token-variant'

replaceShopperTokens('uncached-jwt', (secret) => {
  const verifier = createVerifier({ key: secret, algorithms: ['HS256'] })
  // every token a benchmark sends is a valid "Bearer <jwt>": the product's error paths are not measured here
  return (authorization) => Number(verifier(authorization!.slice('Bearer '.length)).sub)
})
