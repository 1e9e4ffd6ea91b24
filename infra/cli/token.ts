/**
 * `./axon token <userId>`: a shopper token for trying the API by hand — an HS256 JWT whose `sub`
 * is the user id, signed with this installation's AXON_USER_JWT_SECRET by the same code the
 * gateway verifies with (so it carries the configured audience and issuer). Only the token goes to
 * stdout, so `TOKEN=$(./axon token 1)` works.
 */
import { shopperTokens, type ShopperTokenOptions } from '../../common/auth/shopper-token'
import { config } from '../../common/config'
import { SetupError } from '../local/report'
import { installationSecrets } from '../local/secrets'
import type { Command } from './support/command'

export function shopperToken(userId: number, secret: string, claims: ShopperTokenOptions = {}): string {
  return shopperTokens(secret, claims).sign(userId, 24 * 3600)
}

export const token: Command = {
  name: 'token',
  args: '<userId>',
  summary: 'print a 24-hour shopper token (HS256 JWT, sub = userId) signed with this installation\'s secret',
  interruptedExitCode: 130,
  async run(args) {
    const userId = Number(args[0])
    // canonical decimal only: Number() would also read "0x10" or "1e1" as an id
    if (args.length !== 1 || !/^[1-9][0-9]*$/.test(args[0]!) || !Number.isSafeInteger(userId))
      throw new SetupError('usage: ./axon token <userId>   (a positive integer, e.g. ./axon token 1)', 2)
    const { userJwtSecret } = installationSecrets(config.dataDir, config)
    process.stdout.write(`${shopperToken(userId, userJwtSecret, { audience: config.userJwtAudience, issuer: config.userJwtIssuer })}\n`)
    return 0
  },
}
