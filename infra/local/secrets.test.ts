import { afterAll, expect, test } from 'bun:test'
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { installationSecrets, secretsPath } from './secrets'

const dir = mkdtempSync(join(tmpdir(), 'axon-secrets-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

test('secrets are made once, kept private, and reused', () => {
  const first = installationSecrets(dir, { userJwtSecret: '', internalToken: '', sessionSecret: '' })
  expect(Buffer.from(first.userJwtSecret, 'base64url')).toHaveLength(48)
  expect(first.internalToken.length).toBeGreaterThanOrEqual(32)
  expect(Buffer.from(first.sessionSecret, 'base64url')).toHaveLength(48)
  expect(statSync(secretsPath(dir)).mode & 0o777).toBe(0o600)
  expect(installationSecrets(dir, { userJwtSecret: '', internalToken: '', sessionSecret: '' })).toEqual(first)
})

test('a secret set in the environment wins over the file and is not written to it', () => {
  const secrets = installationSecrets(dir, { userJwtSecret: 'from-the-environment-32-characters!', internalToken: '', sessionSecret: '' })
  expect(secrets.userJwtSecret).toBe('from-the-environment-32-characters!')
  expect(readFileSync(secretsPath(dir), 'utf8')).not.toContain('from-the-environment')
})
