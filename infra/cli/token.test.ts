import { expect, test } from 'bun:test'
import { shopperTokens } from '../../common/auth/shopper-token'
import { shopperToken } from './token'

const secret = 'an-installation-secret-of-32-characters'

test('a token from ./axon token is one the gateway accepts for that shopper', () => {
  const token = shopperToken(42, secret)
  expect(shopperTokens(secret).verify(`Bearer ${token}`)).toBe(42)
  expect(() => shopperTokens('another-secret-of-at-least-32-chars').verify(`Bearer ${token}`)).toThrow()
})

test('with an audience and issuer configured, ./axon token signs them and the gateway accepts it', () => {
  const claims = { audience: 'shop.example.com', issuer: 'https://login.example.com' }
  const token = shopperToken(42, secret, claims)
  expect(shopperTokens(secret, claims).verify(`Bearer ${token}`)).toBe(42)
  const payload = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString())
  expect(payload).toMatchObject({ sub: '42', aud: 'shop.example.com', iss: 'https://login.example.com' })
  expect(payload.exp - payload.iat).toBe(24 * 3600)
})
