import { expect, test } from 'bun:test'
import { shopperTokens } from '../../common/auth/shopper-token'
import { shopperToken } from './token'

test('a token from ./axon token is one the gateway accepts for that shopper', async () => {
  const secret = 'an-installation-secret-of-32-characters'
  const token = await shopperToken(42, secret)
  expect(shopperTokens(secret).verify(`Bearer ${token}`)).toBe(42)
  expect(() => shopperTokens('another-secret-of-at-least-32-chars').verify(`Bearer ${token}`)).toThrow()
})
