/**
 * BASELINE, NOT PRODUCT CODE (a preload, see token-variant.ts): the gateway with no JWT at all —
 * the Authorization header carries the shopper id itself. The gap to `product` is what verifying
 * shopper tokens costs. Run by the benchmark: `--target product-no-jwt`.
 */
import { replaceShopperTokens } from './token-variant'

replaceShopperTokens('no-jwt', () => (authorization) => Number(authorization))
