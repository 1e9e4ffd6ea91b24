/**
 * BASELINE, NOT PRODUCT CODE: the gateway with no JWT at all — the Authorization header carries
 * the shopper id itself. The gap to `product` is what verifying shopper tokens costs. Run by the
 * benchmark: `--target product-no-jwt`.
 */
import { serveGatewayVariant, verifyOnly } from './gateway-variant'

serveGatewayVariant(verifyOnly((authorization) => Number(authorization)))
