/** What the behaviour store contract's tests share: fresh ids, the day they write on, a backend PURCHASE. */
import type { BehaviorStore } from '../../analytics/store/port'
import type { BehaviorEvent } from '../../common/schemas/behavior-event'
import { testEvent } from '../support/events'
import type { StoreContractTarget } from './behavior-store'

export interface ContractTest {
  name: string
  run: (context: { target: StoreContractTarget; store: BehaviorStore }) => Promise<void>
}

/** Ids far above any real activity's, different for every test. */
export const freshId = () => 2_000_000_000 + Math.floor(Math.random() * 1_000_000_000_000)
export const fresh = () => ({ activityId: freshId(), campaignId: freshId() })
export const day = '2024-03-10'
export const at = (time: string) => `${day}T${time}Z`
export const range = (from: string, to: string) => ({ from: new Date(at(from)), to: new Date(at(to)) })
export const many = (count: number, fields: Partial<BehaviorEvent>) => Array.from({ length: count }, () => testEvent(fields))

/** The PURCHASE core publishes for a paid order: the only PURCHASE any count takes. */
export function backendPurchase(fields: Partial<BehaviorEvent> & { orderId?: string } = {}): BehaviorEvent {
  const { orderId = crypto.randomUUID(), ...rest } = fields
  return testEvent({
    eventId: `backend:purchase-${orderId}`,
    triggerType: 'PURCHASE',
    userId: 123,
    anonymousId: undefined,
    sessionId: undefined,
    pageUrl: undefined,
    userAgent: 'axon-core',
    properties: { source: 'backend', orderId, productId: 456, amount: 50_000 },
    ...rest,
  })
}
