/**
 * `./axon user add <email> --role admin|analyst`: an account for the marketer's app. The password
 * comes from stdin when something is piped in (`echo "$PW" | ./axon user add …`), otherwise one is
 * generated and printed once. Also the first admin `./axon up` makes when there is none.
 */
import { roles, type Role } from '../../analytics/accounts/model'
import { addAccount, ensureFirstAdmin, generatePassword } from '../../analytics/accounts/service'
import { createMysqlPool } from '../../common/clients/mysql'
import { config } from '../../common/config'
import { AppError } from '../../common/errors'
import { SetupError } from '../local/report'
import type { Command } from './support/command'
import { developmentServers } from './support/servers'

const usage = 'usage: ./axon user add <email> --role admin|analyst   (password: piped on stdin, or generated and printed)'

/** The email the first admin gets on a fresh installation. */
export const firstAdminEmail = 'admin@axon.local'

function parseAdd(args: readonly string[]): { email: string; role: Role } {
  const [verb, email, flag, role] = args
  if (verb !== 'add' || !email || flag !== '--role' || !roles.includes(role as Role) || args.length !== 4) throw new SetupError(usage, 2)
  return { email, role: role as Role }
}

async function pipedPassword(): Promise<string | null> {
  if (process.stdin.isTTY) return null
  const text = (await Bun.stdin.text()).split('\n')[0]!.trim()
  return text || null
}

async function withAccountsDb<T>(url: string, work: (pool: ReturnType<typeof createMysqlPool>) => Promise<T>): Promise<T> {
  const pool = createMysqlPool({ url, connectionLimit: 1 })
  try {
    return await work(pool)
  } finally {
    await pool.end()
  }
}

/** Creates the first admin when the installation has no enabled one; its email and one-time password, or null. */
export function firstAdmin(mysqlUrl: string) {
  return withAccountsDb(mysqlUrl, (pool) => ensureFirstAdmin(pool, firstAdminEmail))
}

export const user: Command = {
  name: 'user',
  args: 'add <email> --role admin|analyst',
  summary: 'add an account to the marketer\'s app; prints a generated password unless one is piped on stdin',
  interruptedExitCode: 130,
  async run(args) {
    const { email, role } = parseAdd(args)
    const piped = await pipedPassword()
    const password = piped ?? generatePassword()
    const servers = await developmentServers(config)
    try {
      const account = await withAccountsDb(servers.mysqlUrl, (pool) => addAccount(pool, { email, role, password }))
      process.stdout.write(piped ? `added ${account.email} (${role})\n` : `added ${account.email} (${role}); password, shown this once:\n${password}\n`)
      return 0
    } catch (error) {
      if (error instanceof AppError) throw new SetupError(error.message, 1)
      throw error
    }
  },
}
