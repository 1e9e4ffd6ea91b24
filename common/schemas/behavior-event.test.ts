import { expect, test } from 'bun:test'
import { backendEventId, backendEventIdPrefix, behaviorEvent } from './behavior-event'
import { compileSchema } from './check'

const event = compileSchema(behaviorEvent)
const valid = (eventId: string) => event.check({ eventId, triggerType: 'PURCHASE', occurredAt: '2026-11-23T10:00:00Z' })

test('backend event ids are in the backend namespace, one per key, and always fit the schema', () => {
  expect(backendEventId('purchase', 'ORD-20261123-Xk3a')).toBe(`${backendEventIdPrefix}purchase-ORD-20261123-Xk3a`)
  for (const key of ['ORD-1', 'x'.repeat(200), 'order #7 / é']) {
    const id = backendEventId('purchase', key)
    expect(id.startsWith(backendEventIdPrefix)).toBe(true)
    expect(backendEventId('purchase', key)).toBe(id)
    expect(valid(id)).toBe(true)
  }
  expect(backendEventId('purchase', 'a'.repeat(100))).not.toBe(backendEventId('purchase', 'b'.repeat(100)))
})
