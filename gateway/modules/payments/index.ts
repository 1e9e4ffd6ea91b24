import { Elysia } from 'elysia'
import type { ShopperTokens } from '../../../common/auth/shopper-token'
import { countOutcome, type GatewayMetrics } from '../../metrics'
import { shopperAuth } from '../../plugins/shopper-auth'
import { cancelBody, confirmBody } from './model'
import { cancelHold, confirmPayment, type PaymentDeps } from './service'

export function paymentRoutes(deps: PaymentDeps & { tokens: ShopperTokens; metrics: GatewayMetrics }) {
  const count = (action: string) => (outcome: string) => deps.metrics.payments.inc({ action, outcome })
  return new Elysia({ prefix: '/api/v1/payments' })
    .use(shopperAuth(deps.tokens))
    .post('/confirm', ({ shopperId, body }) => countOutcome(count('confirm'), 'CONFIRMED', () => confirmPayment(deps, shopperId, body)), {
      body: confirmBody,
    })
    .post('/cancel', ({ shopperId, body }) => countOutcome(count('cancel'), 'CANCELLED', () => cancelHold(deps, shopperId, body.token)), {
      body: cancelBody,
    })
}
