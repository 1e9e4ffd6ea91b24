/** Making accounts (the CLI) and checking a password (the login page). */
import { randomBytes } from 'node:crypto'
import { inTransaction, retryDeadlocks, type Db, type Pool } from '../../common/clients/mysql'
import { AppError } from '../../common/errors'
import { normalEmail, type CampaignScope, type Role, type SignedInAccount } from './model'
import { anyActiveAdmin, lockEnabledAdmins, findAccountByEmail, findAccountById, insertAccount, setAccountDisabled, setAccountScope, type AccountRow } from './repository'

const emailPattern = /^[^\s@]+@[^\s@]+$/
export const minPasswordLength = 12
/** OWASP's argon2id minimum (19 MiB, 2 passes): a login costs tens of ms, not seconds, on a busy host */
const hashing = { algorithm: 'argon2id', memoryCost: 19_456, timeCost: 2 } as const

/** A password to hand out once: 18 random bytes, 24 characters a person can copy. */
export function generatePassword(): string {
  return randomBytes(18).toString('base64url')
}

function checkedScope(campaignIds: CampaignScope): CampaignScope {
  if (campaignIds !== 'all' && !campaignIds.every((id) => Number.isSafeInteger(id) && id > 0))
    throw new AppError('INVALID_CAMPAIGNS', 400, 'campaigns are listed by their ids, whole numbers of 1 or more')
  return campaignIds
}

const signedIn = (account: AccountRow): SignedInAccount => ({ id: account.id, email: account.email, role: account.role, campaignIds: account.campaignIds })

/** An account seeing `campaignIds` (default: every campaign). */
export async function addAccount(db: Db, input: { email: string; role: Role; password: string; campaignIds?: CampaignScope }): Promise<SignedInAccount> {
  const email = normalEmail(input.email)
  if (!emailPattern.test(email)) throw new AppError('INVALID_EMAIL', 400, `"${input.email}" is not an email address`)
  if (input.password.length < minPasswordLength) throw new AppError('WEAK_PASSWORD', 400, `a password needs at least ${minPasswordLength} characters`)
  if (await findAccountByEmail(db, email)) throw new AppError('ACCOUNT_EXISTS', 409, `an account for ${email} exists already`)
  const campaignIds = checkedScope(input.campaignIds ?? 'all')
  const id = await insertAccount(db, email, await Bun.password.hash(input.password, hashing), input.role, campaignIds)
  return { id, email, role: input.role, campaignIds }
}

/** The account when email and password match an enabled one, else null (which of them failed stays unsaid). */
export async function checkPassword(db: Db, email: string, password: string): Promise<SignedInAccount | null> {
  const account = await findAccountByEmail(db, normalEmail(email))
  // verify against a hash even for an unknown email, so timing does not tell which emails exist
  const hash = account?.passwordHash ?? unknownAccountHash
  const matches = await Bun.password.verify(password, await hash)
  if (!account || account.disabled || !matches) return null
  return signedIn(account)
}

const unknownAccountHash = Bun.password.hash(generatePassword(), hashing)

/** Creates the first admin when there is no enabled one; returns its one-time password, or null. */
export async function ensureFirstAdmin(db: Db, email: string): Promise<{ email: string; password: string } | null> {
  if (await anyActiveAdmin(db)) return null
  const password = generatePassword()
  const account = await addAccount(db, { email, role: 'admin', password })
  return { email: account.email, password }
}

/** The account as it is now, for a session that names it: null once it is disabled or gone. */
export async function currentAccount(db: Db, id: number): Promise<SignedInAccount | null> {
  const account = await findAccountById(db, id)
  return account && !account.disabled ? signedIn(account) : null
}

function noAccount(email: string): AppError {
  return new AppError('ACCOUNT_NOT_FOUND', 404, `there is no account for ${email}`)
}

/**
 * Disables the account: it can no longer sign in, and its sessions end within the guard's recheck
 * (auth/index.ts). The last enabled admin is refused: nobody could make accounts any more.
 */
export async function disableAccount(pool: Pool, email: string): Promise<void> {
  await retryDeadlocks(() =>
    inTransaction(pool, async (conn) => {
      const account = await findAccountByEmail(conn, normalEmail(email))
      if (!account) throw noAccount(email)
      if (account.role === 'admin' && !account.disabled && (await lockEnabledAdmins(conn)) <= 1)
        throw new AppError('LAST_ADMIN', 409, `${account.email} is the last enabled admin; add or enable another admin first`)
      await setAccountDisabled(conn, account.email, true)
    }),
  )
}

export async function enableAccount(db: Db, email: string): Promise<void> {
  if (!(await setAccountDisabled(db, normalEmail(email), false))) throw noAccount(email)
}

/** The campaigns the account sees from now on; its open sessions follow within the guard's recheck. */
export async function rescopeAccount(db: Db, email: string, campaignIds: CampaignScope): Promise<void> {
  if (!(await setAccountScope(db, normalEmail(email), checkedScope(campaignIds)))) throw noAccount(email)
}
