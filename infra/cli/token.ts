/**
 * `./axon token <userId>`: a shopper token for trying the API by hand — an HS256 JWT whose `sub`
 * is the user id, signed with this installation's AXON_USER_JWT_SECRET. Only the token goes to
 * stdout, so `TOKEN=$(./axon token 1)` works.
 */
import { SignJWT } from 'jose'
import { config } from '../../common/config'
import { SetupError } from '../local/report'
import { installationSecrets } from '../local/secrets'
import type { Command } from './support/command'

export async function shopperToken(userId: number, secret: string, ttl = '24h'): Promise<string> {
  return new SignJWT({})
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(String(userId))
    .setIssuedAt()
    .setExpirationTime(ttl)
    .sign(new TextEncoder().encode(secret))
}

export const token: Command = {
  name: 'token',
  args: '<userId>',
  summary: 'print a 24-hour shopper token (HS256 JWT, sub = userId) signed with this installation\'s secret',
  interruptedExitCode: 130,
  async run(args) {
    const userId = Number(args[0])
    if (args.length !== 1 || !Number.isSafeInteger(userId) || userId < 1)
      throw new SetupError('usage: ./axon token <userId>   (a positive integer, e.g. ./axon token 1)', 2)
    const { userJwtSecret } = installationSecrets(config.dataDir, config)
    process.stdout.write(`${await shopperToken(userId, userJwtSecret)}\n`)
    return 0
  },
}
