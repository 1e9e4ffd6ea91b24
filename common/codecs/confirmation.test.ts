import { expect, test } from 'bun:test'
import { decodeConfirmation, encodeConfirmation } from './confirmation'

const record = { userId: 123_456_789_012_345, activityId: 7, orderId: 'ORD-1', amount: 1234.5, confirmedAt: '2026-11-23T10:00:00.000Z' }

test('a confirmation keeps ids and the amount as decimal text, read back exact', () => {
  const json = encodeConfirmation(record)
  expect(JSON.parse(json)).toMatchObject({ userId: '123456789012345', activityId: '7', amount: '1234.5' })
  expect(decodeConfirmation(json)).toEqual(record)
})

test('a confirmation that is not what confirm-10.lua writes is an error, not a guess', () => {
  expect(() => decodeConfirmation(JSON.stringify({ ...JSON.parse(encodeConfirmation(record)), userId: 1.2345678901234e14 }))).toThrow(
    /unreadable confirmation/,
  )
})
