import { describe, expect, test } from 'bun:test'
import { decodeEntryCommand, encodeEntryCommand, type EntryConfirmed } from './entry-command'

const command: EntryConfirmed = {
  commandId: 'cmd-1',
  type: 'ENTRY_CONFIRMED',
  activityId: 7,
  userId: Number.MAX_SAFE_INTEGER,
  reservationToken: '7.abc',
  orderId: 'ORD-1',
  productId: 9,
  amount: 9_999_999_999_999.99,
  confirmedAt: '2026-11-23T10:00:00.000Z',
}

/** the command as confirm-10.lua writes it, with some fields replaced */
const wire = (fields: Record<string, unknown> = {}) => JSON.stringify({ ...JSON.parse(encodeEntryCommand(command)), ...fields })

describe('the ENTRY_CONFIRMED command', () => {
  test('ids and the amount travel as decimal text and come back exact', () => {
    expect(JSON.parse(encodeEntryCommand(command))).toMatchObject({
      activityId: '7', userId: '9007199254740991', productId: '9', amount: '9999999999999.99',
    })
    expect(decodeEntryCommand(encodeEntryCommand(command))).toEqual({ ok: true, command })
  })

  // what cjson made of shopper 123456789012345: a number that is an integer, and another shopper
  test.each([
    ['a number where cjson rounded an id', { userId: 1.2345678901234e14 }],
    ['an id past Number.MAX_SAFE_INTEGER', { userId: '9007199254740993' }],
    ['an id with a leading zero', { userId: '0123' }],
    ['an id in exponent form', { activityId: '1e3' }],
    ['an amount as a number', { amount: 80 }],
    ['an amount with three decimals', { amount: '1.005' }],
    ['an amount with a trailing zero', { amount: '80.50' }],
    ['an amount past DECIMAL(15,2)', { amount: '10000000000000' }],
  ])('%s is refused with a reason', (_, fields) => {
    const decoded = decodeEntryCommand(wire(fields))
    expect(decoded.ok).toBe(false)
    expect(!decoded.ok && decoded.reason).toStartWith('invalid command: ')
  })

  test('an id that is not a safe integer cannot be encoded', () => {
    expect(() => encodeEntryCommand({ ...command, userId: 2 ** 53 + 2 })).toThrow()
  })
})
