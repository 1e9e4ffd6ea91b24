import { describe, expect, test } from 'bun:test'
import { createSigner } from 'fast-jwt'
import { AppError } from '../errors'
import { shopperTokens } from './shopper-token'

const secret = 'a-shopper-token-secret-of-32-chars!!'
const sign = createSigner({ key: secret, algorithm: 'HS256' })
const nowSeconds = () => Math.floor(Date.now() / 1000)
const claims = (extra: Record<string, unknown> = {}) => ({ sub: '7', iat: nowSeconds(), exp: nowSeconds() + 600, ...extra })

function refusal(tokens: ReturnType<typeof shopperTokens>, payload: Record<string, unknown>): { code: string; message: string } | undefined {
  try {
    tokens.verify(`Bearer ${sign(payload)}`)
    return undefined
  } catch (error) {
    if (!(error instanceof AppError)) throw error
    return { code: error.code, message: error.message }
  }
}

describe('shopper tokens', () => {
  const plain = shopperTokens(secret)
  const bound = shopperTokens(secret, { audience: 'shop.example.com', issuer: 'https://login.example.com' })

  test('a token with sub and exp is the shopper it names', () => {
    expect(plain.verify(`Bearer ${sign(claims())}`)).toBe(7)
    expect(plain.verify(`Bearer ${plain.sign(9007199254740991)}`)).toBe(9007199254740991)
  })

  test.each([
    ['without exp (was valid forever)', { sub: '7', iat: nowSeconds() }, 'exp'],
    ['expired beyond the leeway', claims({ exp: nowSeconds() - 31 }), 'expired'],
    ['issued in the future (iat)', claims({ iat: nowSeconds() + 120 }), 'future'],
    ['not valid yet (nbf)', claims({ nbf: nowSeconds() + 120 }), 'not valid yet'],
    ['with a non-numeric iat', claims({ iat: 'yesterday' }), 'future'],
    ['with sub "0x10"', claims({ sub: '0x10' }), 'sub'],
    ['with sub " 3 "', claims({ sub: ' 3 ' }), 'sub'],
    ['with sub "1e1"', claims({ sub: '1e1' }), 'sub'],
    ['with sub "03"', claims({ sub: '03' }), 'sub'],
    ['with sub "0"', claims({ sub: '0' }), 'sub'],
    ['with sub beyond 2^53', claims({ sub: '9007199254740993' }), 'sub'],
    ['with sub as a number', claims({ sub: 7 }), 'sub'],
  ])('refuses a token %s', (_, payload, reason) => {
    const refused = refusal(plain, payload)
    expect(refused?.code).toBe('INVALID_TOKEN')
    expect(refused?.message).toContain(reason)
  })

  test('takes a token within the 30 s clock leeway on exp, nbf and iat', () => {
    expect(refusal(plain, claims({ exp: nowSeconds() - 20 }))).toBeUndefined()
    expect(refusal(plain, claims({ nbf: nowSeconds() + 20 }))).toBeUndefined()
    expect(refusal(plain, claims({ iat: nowSeconds() + 20 }))).toBeUndefined()
  })

  test('ignores aud and iss when none are configured', () => {
    expect(refusal(plain, claims({ aud: 'elsewhere', iss: 'someone' }))).toBeUndefined()
  })

  test.each([
    ['no aud', claims({ iss: 'https://login.example.com' }), 'aud'],
    ['another aud', claims({ aud: 'other.example.com', iss: 'https://login.example.com' }), 'aud'],
    ['no iss', claims({ aud: 'shop.example.com' }), 'iss'],
    ['another iss', claims({ aud: 'shop.example.com', iss: 'https://evil.example.net' }), 'iss'],
  ])('with an audience and issuer configured, refuses a token with %s', (_, payload, claim) => {
    const refused = refusal(bound, payload)
    expect(refused?.code).toBe('INVALID_TOKEN')
    expect(refused?.message).toContain(claim)
  })

  test('with an audience and issuer configured, takes the tokens it signs and those of the storefront', () => {
    expect(bound.verify(`Bearer ${bound.sign(7)}`)).toBe(7)
    expect(refusal(bound, claims({ aud: ['other', 'shop.example.com'], iss: 'https://login.example.com' }))).toBeUndefined()
    expect(() => bound.verify(`Bearer ${plain.sign(7)}`)).toThrow('aud')
  })
})
