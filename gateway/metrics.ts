/** The gateway's own metrics: what shoppers got and how long it took. */
import type { Registry } from 'prom-client'
import { counter, histogram } from '../common/metrics'

export function gatewayMetrics(registry: Registry) {
  return {
    reservations: counter(registry, {
      name: 'axon_reservations_total',
      help: 'Reservation attempts by outcome (RESERVED, SOLD_OUT, ALREADY_ENTERED, …)',
      labelNames: ['outcome'],
    }),
    reservationSeconds: histogram(registry, {
      name: 'axon_reservation_duration_seconds',
      help: 'Time to answer a reservation attempt, including any eligibility lookup',
    }),
    payments: counter(registry, {
      name: 'axon_payments_total',
      help: 'Payment confirmations and cancellations by outcome',
      labelNames: ['action', 'outcome'],
    }),
    collectedEvents: counter(registry, {
      name: 'axon_collect_events_total',
      help: 'Behaviour events received at /collect: accepted (buffered on the bus) or rejected (invalid)',
      labelNames: ['result'],
    }),
    holdsReleased: counter(registry, {
      name: 'axon_holds_expired_total',
      help: 'Holds that lapsed unpaid and whose unit went back to stock',
    }),
  }
}

export type GatewayMetrics = ReturnType<typeof gatewayMetrics>

/** Runs `work` and counts its outcome: `success` when it returns, the error's code when it throws. */
export async function countOutcome<T>(count: (outcome: string) => void, success: string, work: () => Promise<T>): Promise<T> {
  try {
    const result = await work()
    count(success)
    return result
  } catch (error) {
    count((error as { code?: unknown }).code === undefined ? 'ERROR' : String((error as { code: unknown }).code))
    throw error
  }
}
