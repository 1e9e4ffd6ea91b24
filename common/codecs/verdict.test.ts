import { describe, expect, test } from 'bun:test'
import { checkVerdict, decodeVerdict, encodeVerdict, recheckMark } from './verdict'

describe('the cached eligibility verdict', () => {
  test('"1" or "0:<REASON>:<message>", and back', () => {
    const refused = { eligible: false as const, reason: 'NOT_NEW_CUSTOMER', message: 'new customers only: see terms' }
    expect(encodeVerdict({ eligible: true })).toBe('1')
    expect(encodeVerdict(refused)).toBe('0:NOT_NEW_CUSTOMER:new customers only: see terms')
    expect(decodeVerdict('1')).toEqual({ eligible: true })
    expect(decodeVerdict(encodeVerdict(refused))).toEqual(refused)
  })

  test('no key and a re-check mark are no verdict; every mark is new', () => {
    expect(decodeVerdict(null)).toBeUndefined()
    expect(decodeVerdict(recheckMark())).toBeUndefined()
    expect(recheckMark()).toStartWith('?:')
    expect(recheckMark()).not.toBe(recheckMark())
  })

  test("core's answer is checked before it is cached", () => {
    expect(checkVerdict({ eligible: true })).toEqual({ eligible: true })
    expect(checkVerdict({ eligible: false, reason: 'GRADE_NOT_ELIGIBLE', message: 'GOLD only' })).toBeDefined()
    expect(checkVerdict({ eligible: false })).toBeUndefined()
    expect(checkVerdict({ eligible: false, reason: 'A:B', message: '' })).toBeUndefined()
    expect(checkVerdict('1')).toBeUndefined()
  })
})
