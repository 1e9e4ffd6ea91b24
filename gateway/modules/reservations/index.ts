import { Elysia } from 'elysia'
import type { ShopperTokens } from '../../../common/auth/shopper-token'
import { countOutcome, type GatewayMetrics } from '../../metrics'
import { shopperAuth } from '../../plugins/shopper-auth'
import { body, params } from './model'
import { reserve, type ReservationDeps } from './service'

export function reservationRoutes(deps: ReservationDeps & { tokens: ShopperTokens; metrics: GatewayMetrics }) {
  const { metrics } = deps
  const count = (outcome: string) => metrics.reservations.inc({ outcome })
  const reserveDeps: ReservationDeps = { ...deps, onReleased: (n) => metrics.holdsReleased.inc(n) }
  return new Elysia({ prefix: '/api/v1/activities' })
    .use(shopperAuth(deps.tokens))
    .post(
      '/:id/reservations',
      async ({ params, shopperId, set }) => {
        const stop = metrics.reservationSeconds.startTimer()
        try {
          const reservation = await countOutcome(count, 'RESERVED', () => reserve(reserveDeps, params.id, shopperId))
          set.status = 201
          return reservation
        } finally {
          stop()
        }
      },
      { params, body },
    )
}
