/**
 * Per-installation secrets, made on first use into `<dataDir>/secrets.env` (mode 0600) so that
 * no two installations share a signing key and none is ever committed. A value set in the
 * environment wins over the file.
 */
import { randomBytes } from 'node:crypto'
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { envName } from '../../common/config'
import { say } from './report'

export interface InstallationSecrets {
  userJwtSecret: string
  internalToken: string
  sessionSecret: string
}

const generators: Record<keyof InstallationSecrets, () => string> = {
  userJwtSecret: () => randomBytes(48).toString('base64url'),
  internalToken: () => randomBytes(32).toString('base64url'),
  sessionSecret: () => randomBytes(48).toString('base64url'),
}

export function secretsPath(dataDir: string): string {
  return join(dataDir, 'secrets.env')
}

function readSecretsFile(path: string): Map<string, string> {
  const values = new Map<string, string>()
  if (!existsSync(path)) return values
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const match = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim())
    if (match) values.set(match[1]!, match[2]!)
  }
  return values
}

/** The secrets to run with: `configured` (from the environment) where set, else the file's, else new ones. */
export function installationSecrets(dataDir: string, configured: InstallationSecrets): InstallationSecrets {
  const path = secretsPath(dataDir)
  const stored = readSecretsFile(path)
  const made: string[] = []
  const secrets = {} as InstallationSecrets
  for (const key of Object.keys(generators) as (keyof InstallationSecrets)[]) {
    const name = envName[key]
    let value = configured[key] || stored.get(name)
    if (!value) {
      value = generators[key]()
      stored.set(name, value)
      made.push(name)
    }
    secrets[key] = value
  }
  if (made.length) {
    mkdirSync(dataDir, { recursive: true })
    const lines = [...stored].map(([name, value]) => `${name}=${value}`)
    writeFileSync(path, `# Secrets of this Axon installation, made by ./axon. Keep private; never commit.\n${lines.join('\n')}\n`, { mode: 0o600 })
    chmodSync(path, 0o600)
    say(`generated ${made.join(', ')} into ${path}`)
  }
  return secrets
}
