/** Behaviour events for tests, valid by the schema unless a test breaks them on purpose. */
import type { BehaviorEvent, TriggerType } from '../../common/schemas/behavior-event'

export function testEvent(overrides: Partial<BehaviorEvent> & { triggerType?: TriggerType } = {}): BehaviorEvent {
  return {
    eventId: `ev-${crypto.randomUUID()}`,
    triggerType: 'PAGE_VIEW',
    occurredAt: new Date().toISOString(),
    anonymousId: 'anon-1',
    sessionId: 'sess-1',
    pageUrl: 'https://shop.example.com/black-friday',
    activityId: 1,
    campaignId: 1,
    properties: { source: 'tracker' },
    ...overrides,
  }
}
