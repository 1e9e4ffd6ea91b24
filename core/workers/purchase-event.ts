/**
 * The PURCHASE behaviour event core publishes (through the outbox) when a confirmed entry is
 * applied: the same shape the tracker sends, with properties.source = backend.
 */
import { createHash } from 'node:crypto'
import type { BehaviorEvent } from '../../common/schemas/behavior-event'
import type { EntryConfirmed } from '../../common/codecs/entry-command'
import type { Activity } from '../repositories/activities'

const eventIdShape = /^[A-Za-z0-9_.:-]{1,55}$/

/**
 * One event id per order, so a re-published outbox row dedupes downstream. Order ids that do not
 * fit the event id's length or characters are hashed instead.
 */
export function purchaseEventId(orderId: string): string {
  if (eventIdShape.test(orderId)) return `purchase-${orderId}`
  return `purchase-${createHash('sha256').update(orderId).digest('hex').slice(0, 48)}`
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
