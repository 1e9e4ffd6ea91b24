/**
 * BASELINE, NOT PRODUCT CODE: the gateway with fast-jwt verifying every token without its token
 * cache (the product's verifier keeps a 10,000-token cache). Run by the benchmark:
 * `--target product-uncached-jwt`.
 */
import { createVerifier } from 'fast-jwt'
import { config } from '../../../common/config'
import { serveGatewayVariant, verifyOnly } from './gateway-variant'

const verifier = createVerifier({ key: config.userJwtSecret, algorithms: ['HS256'] })
// every token a benchmark sends is a valid "Bearer <jwt>": the product's error paths are not measured here
serveGatewayVariant(verifyOnly((authorization) => Number(verifier(authorization!.slice('Bearer '.length)).sub)))
