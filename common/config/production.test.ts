import { expect, test } from 'bun:test'
import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { ConfigError, loadConfig, projectRoot } from './index'

const strong = { jwt: randomBytes(48).toString('base64'), internal: randomBytes(32).toString('hex'), session: randomBytes(48).toString('base64') }

function production(secrets: { jwt?: string; internal?: string; session?: string } = {}) {
  return loadConfig({
    AXON_ENV: 'production',
    AXON_DEV_TOKENS: 'false',
    AXON_USER_JWT_SECRET: secrets.jwt ?? strong.jwt,
    AXON_INTERNAL_TOKEN: secrets.internal ?? strong.internal,
    AXON_SESSION_SECRET: secrets.session ?? strong.session,
  })
}

async function exampleSecrets(): Promise<Record<string, string>> {
  const yaml = await Bun.file(join(projectRoot, 'infra/k8s/secrets.example.yaml')).text()
  return (Bun.YAML.parse(yaml) as { stringData: Record<string, string> }).stringData
}

test('production refuses the placeholder secrets of infra/k8s/secrets.example.yaml', async () => {
  const example = await exampleSecrets()
  expect(() => production({ jwt: example.AXON_USER_JWT_SECRET })).toThrow(ConfigError)
  expect(() => production({ jwt: example.AXON_USER_JWT_SECRET })).toThrow(/AXON_USER_JWT_SECRET looks like a placeholder/)
  expect(() => production({ internal: example.AXON_INTERNAL_TOKEN })).toThrow(/AXON_INTERNAL_TOKEN is 9 characters long/)
})

test('production refuses short, placeholder and repetitive secrets, saying how to make one', () => {
  expect(() => production({ jwt: '' })).toThrow(/AXON_USER_JWT_SECRET must be set in production \(make one with: openssl rand -base64 48\)/)
  expect(() => production({ internal: '' })).toThrow(/AXON_INTERNAL_TOKEN must be set/)
  expect(() => production({ internal: 'f3a9c1' })).toThrow(/AXON_INTERNAL_TOKEN is 6 characters long; use at least 32/)
  expect(() => production({ jwt: 'replace-me-with-a-long-random-value-please' })).toThrow(/contains "replaceme"/)
  expect(() => production({ jwt: 'Example_Key_For_The_Docs_0123456789' })).toThrow(/contains "example"/)
  expect(() => production({ internal: 'our-very-own-SECRET-token-for-core-2026' })).toThrow(/contains "secret"/)
  expect(() => production({ internal: 'abcabcabcabcabcabcabcabcabcabcabcabc' })).toThrow(/only 3 different characters/)
  expect(() => production({ internal: '0'.repeat(64) })).toThrow(/only 1 different characters/)
  expect(() => production({ session: '' })).toThrow(/AXON_SESSION_SECRET must be set in production/)
  expect(() => production({ session: 'session-secret-change-me-please-now' })).toThrow(/AXON_SESSION_SECRET looks like a placeholder/)
})

test('production takes random secrets as `openssl rand` and ./axon up make them', () => {
  for (let i = 0; i < 50; i++) {
    expect(() => production({ jwt: randomBytes(48).toString('base64'), internal: randomBytes(16).toString('hex') })).not.toThrow()
    expect(() => production({ jwt: randomBytes(48).toString('base64url'), internal: randomBytes(32).toString('base64url') })).not.toThrow()
  }
})

test('development servers listen on 127.0.0.1, production ones on every interface, AXON_HOST overrides', () => {
  expect(loadConfig({}).host).toBe('127.0.0.1')
  expect(loadConfig({ AXON_ENV: 'test' }).host).toBe('127.0.0.1')
  expect(production().host).toBe('0.0.0.0')
  expect(loadConfig({ AXON_HOST: '0.0.0.0' }).host).toBe('0.0.0.0')
  expect(loadConfig({ AXON_ENV: 'production', AXON_DEV_TOKENS: 'false', AXON_USER_JWT_SECRET: strong.jwt, AXON_INTERNAL_TOKEN: strong.internal, AXON_SESSION_SECRET: strong.session, AXON_HOST: '10.0.0.5' }).host).toBe('10.0.0.5')
})
