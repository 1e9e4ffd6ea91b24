import { afterAll, expect, test } from 'bun:test'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { shopperTokens } from '../../common/auth/shopper-token'
import { projectRoot } from '../../common/config'
import { childEnvironment } from '../../common/config/child-env'
import { shopperToken } from './token'

// the command makes this installation's missing secrets in its data folder: a throwaway one here
const dataDir = mkdtempSync(join(tmpdir(), 'axon-token-'))
afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

async function axonToken(args: string[], userJwtSecret: string) {
  const child = Bun.spawn([process.execPath, 'infra/cli/main.ts', 'token', ...args], {
    cwd: projectRoot,
    env: childEnvironment({ userJwtSecret, dataDir }),
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const [stdout, stderr, code] = await Promise.all([new Response(child.stdout).text(), new Response(child.stderr).text(), child.exited])
  return { stdout, stderr, code }
}

test('a token from ./axon token is one the gateway accepts for that shopper, for 24 hours', async () => {
  const secret = 'an-installation-key-of-32-characters-or-more'
  const { stdout, code } = await axonToken(['42'], secret)
  expect(code).toBe(0)
  const token = stdout.trim()
  expect(shopperTokens(secret).verify(`Bearer ${token}`)).toBe(42)
  expect(() => shopperTokens('another-key-of-at-least-32-characters').verify(`Bearer ${token}`)).toThrow()
  const { exp } = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { exp: number }
  expect(Math.abs(exp - (Date.now() / 1000 + 24 * 3600))).toBeLessThan(60)
})

test('./axon token refuses a user id that is not a positive decimal integer', async () => {
  for (const id of ['0', '0x10', '1e1', '-3', '9007199254740993']) {
    const { code, stderr } = await axonToken([id], 'an-installation-key-of-32-characters-or-more')
    expect({ id, code, usage: stderr.includes('usage: ./axon token <userId>') }).toEqual({ id, code: 2, usage: true })
  }
})

test('with an audience and issuer configured, ./axon token signs them and the gateway accepts it', () => {
  const secret = 'an-installation-key-of-32-characters-or-more'
  const claims = { audience: 'shop.example.com', issuer: 'https://login.example.com' }
  const token = shopperToken(42, secret, claims)
  expect(shopperTokens(secret, claims).verify(`Bearer ${token}`)).toBe(42)
  const payload = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString())
  expect(payload).toMatchObject({ sub: '42', aud: 'shop.example.com', iss: 'https://login.example.com' })
  expect(payload.exp - payload.iat).toBe(24 * 3600)
})
