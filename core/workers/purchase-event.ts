/**
 * The PURCHASE behaviour event core publishes (through the outbox) when a confirmed entry is
 * applied or a regular order is taken in: the same shape the tracker sends, with
 * properties.source = backend.
 */
import type { EntryConfirmed } from '../../common/codecs/entry-command'
import { backendEventId, type BehaviorEvent } from '../../common/schemas/behavior-event'
import type { Activity } from '../repositories/activities'

/** One event id per order, in the backend's namespace (see backendEventId). */
export function purchaseEventId(orderId: string): string {
  return backendEventId('purchase', orderId)
}

/** The activity's product and campaign come from MySQL, the source of truth for both. */
export function purchaseEvent(command: EntryConfirmed, activity: Pick<Activity, 'campaignId' | 'productId'>): BehaviorEvent {
  return {
    eventId: purchaseEventId(command.orderId),
    triggerType: 'PURCHASE',
    occurredAt: command.confirmedAt,
    userId: command.userId,
    campaignId: activity.campaignId,
    activityId: command.activityId,
    userAgent: 'axon-core',
    properties: { source: 'backend', productId: activity.productId, amount: command.amount, orderId: command.orderId },
  }
}

/** A regular order (the order intake): no campaign or activity; amount = price × quantity. */
export function orderPurchaseEvent(order: { orderId: string; userId: number; productId: number; price: number; quantity: number; purchasedAt: Date }): BehaviorEvent {
  return {
    eventId: purchaseEventId(order.orderId),
    triggerType: 'PURCHASE',
    occurredAt: order.purchasedAt.toISOString(),
    userId: order.userId,
    userAgent: 'axon-core',
    properties: {
      source: 'backend',
      productId: order.productId,
      price: order.price,
      quantity: order.quantity,
      amount: Math.round(order.price * order.quantity * 100) / 100,
      orderId: order.orderId,
    },
  }
}
