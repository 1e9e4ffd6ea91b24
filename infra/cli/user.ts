/**
 * `./axon user add <email> --role admin|analyst [--campaigns 1,2]`: an account for the marketer's
 * app, seeing every campaign or only those listed. The password
 * comes from stdin when something is piped in (`echo "$PW" | ./axon user add …`), otherwise one is
 * generated and printed once. Also the first admin `./axon up` makes when there is none.
 * `./axon user list | disable <email> | enable <email> | scope <email> --campaigns 1,2|all`: the
 * accounts; a change reaches the account's open sessions within seconds (analytics/auth).
 */
import { roles, type CampaignScope, type Role } from '../../analytics/accounts/model'
import { listAccounts } from '../../analytics/accounts/repository'
import { addAccount, disableAccount, enableAccount, ensureFirstAdmin, generatePassword, rescopeAccount } from '../../analytics/accounts/service'
import { createMysqlPool } from '../../common/clients/mysql'
import { config } from '../../common/config'
import { AppError } from '../../common/errors'
import { SetupError } from '../local/report'
import type { Command } from './support/command'
import { developmentServers } from './support/servers'

const usage = [
  'usage: ./axon user add <email> --role admin|analyst [--campaigns 1,2]   (campaigns: default all; password: piped on stdin, or generated and printed)',
  '       ./axon user list',
  '       ./axon user disable <email> | enable <email>',
  '       ./axon user scope <email> --campaigns 1,2|all',
].join('\n')

/** The email the first admin gets on a fresh installation. */
export const firstAdminEmail = 'admin@axon.local'

/** `1,2,3` → [1, 2, 3]; `all` → 'all'; anything else is refused. */
function parseCampaigns(text: string): CampaignScope {
  if (text === 'all') return 'all'
  if (!/^[1-9]\d*(,[1-9]\d*)*$/.test(text)) throw new SetupError(`--campaigns takes campaign ids such as 1,2 (or all), got "${text}"\n${usage}`, 2)
  return [...new Set(text.split(',').map(Number))]
}

function parseAdd(args: readonly string[]): { email: string; role: Role; campaignIds: CampaignScope } {
  const [verb, email, flag, role, campaignsFlag, campaigns] = args
  if (verb !== 'add' || !email || flag !== '--role' || !roles.includes(role as Role)) throw new SetupError(usage, 2)
  if (args.length === 4) return { email, role: role as Role, campaignIds: 'all' }
  if (args.length !== 6 || campaignsFlag !== '--campaigns' || !campaigns) throw new SetupError(usage, 2)
  return { email, role: role as Role, campaignIds: parseCampaigns(campaigns) }
}

const scopeText = (ids: CampaignScope) => (ids === 'all' ? 'all campaigns' : `campaigns ${ids.join(', ')}`)

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

/** What an account change does, once the database is up; the line it prints. */
type Work = (pool: ReturnType<typeof createMysqlPool>) => Promise<string>

/** The work the command line asks for, checked before any server starts: a bad command line exits 2 with the usage. */
async function workOf(args: readonly string[]): Promise<Work> {
  const [verb, email, flag, campaigns] = args
  if (verb === 'add') {
    const { email, role, campaignIds } = parseAdd(args)
    const piped = await pipedPassword()
    const password = piped ?? generatePassword()
    return async (pool) => {
      const account = await addAccount(pool, { email, role, password, campaignIds })
      const added = `added ${account.email} (${role}, ${scopeText(campaignIds)})`
      return piped ? added : `${added}; password, shown this once:\n${password}`
    }
  }
  if (verb === 'list' && args.length === 1)
    return async (pool) => {
      const accounts = await listAccounts(pool)
      if (accounts.length === 0) return 'no accounts yet: ./axon up makes the first admin'
      return accounts.map((a) => `${a.email}\t${a.role}\t${scopeText(a.campaignIds)}\t${a.disabled ? 'disabled' : 'enabled'}`).join('\n')
    }
  if (verb === 'disable' && email && args.length === 2) return async (pool) => (await disableAccount(pool, email), `disabled ${email}: it cannot sign in, and its open sessions end within seconds`)
  if (verb === 'enable' && email && args.length === 2) return async (pool) => (await enableAccount(pool, email), `enabled ${email}: it can sign in again`)
  if (verb === 'scope' && email && flag === '--campaigns' && campaigns && args.length === 4) {
    const campaignIds = parseCampaigns(campaigns)
    return async (pool) => (await rescopeAccount(pool, email, campaignIds), `${email} now sees ${scopeText(campaignIds)}, its open sessions within seconds`)
  }
  throw new SetupError(usage, 2)
}

export const user: Command = {
  name: 'user',
  args: 'add|list|disable|enable|scope …',
  summary: 'the marketer\'s app accounts: add <email> --role admin|analyst [--campaigns 1,2] (prints a generated password unless one is piped on stdin), list, disable <email>, enable <email>, scope <email> --campaigns 1,2|all',
  interruptedExitCode: 130,
  async run(args) {
    const work = await workOf(args)
    const servers = await developmentServers(config)
    try {
      // a refused change (an email taken or unknown, the last admin) exits 1 with its message
      process.stdout.write(`${await withAccountsDb(servers.mysqlUrl, work)}\n`)
      return 0
    } catch (error) {
      if (error instanceof AppError) throw new SetupError(error.message, 1)
      throw error
    }
  },
}
