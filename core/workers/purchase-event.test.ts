import { expect, test } from 'bun:test'
import { purchaseEventId } from './purchase-event'

test('the event id is derived from the order id, hashed when the order id would not fit', () => {
  expect(purchaseEventId('ord-123')).toBe('backend:purchase-ord-123')
  const long = purchaseEventId('x'.repeat(64))
  expect(long).toMatch(/^backend:purchase-[0-9a-f]{40}$/)
  expect(purchaseEventId('x'.repeat(64))).toBe(long)
  expect(purchaseEventId('order #7')).toMatch(/^backend:purchase-[0-9a-f]{40}$/)
})
