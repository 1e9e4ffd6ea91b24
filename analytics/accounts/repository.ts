/** SQL of the accounts table: who may sign in, with which role, seeing which campaigns. */
import type { Db, ResultSetHeader, RowDataPacket } from '../../common/clients/mysql'
import type { CampaignScope, Role } from './model'

export interface AccountRow {
  id: number
  email: string
  passwordHash: string
  role: Role
  campaignIds: CampaignScope
  disabled: boolean
}

/** `campaign_ids` NULL: every campaign; else the JSON array of ids (MariaDB's JSON is text). */
function scopeOf(value: unknown): CampaignScope {
  if (value === null || value === undefined) return 'all'
  const ids = typeof value === 'string' ? JSON.parse(value) : value
  return (ids as unknown[]).map(Number)
}

function toAccount(row: RowDataPacket): AccountRow {
  return { id: Number(row.id), email: row.email, passwordHash: row.password_hash, role: row.role, campaignIds: scopeOf(row.campaign_ids), disabled: row.disabled_at !== null }
}

export async function insertAccount(db: Db, email: string, passwordHash: string, role: Role, campaignIds: CampaignScope): Promise<number> {
  const [result] = await db.query<ResultSetHeader>('INSERT INTO accounts (email, password_hash, role, campaign_ids) VALUES (?, ?, ?, ?)', [
    email,
    passwordHash,
    role,
    campaignIds === 'all' ? null : JSON.stringify(campaignIds),
  ])
  return result.insertId
}

export async function findAccountByEmail(db: Db, email: string): Promise<AccountRow | undefined> {
  const [rows] = await db.query<RowDataPacket[]>('SELECT id, email, password_hash, role, campaign_ids, disabled_at FROM accounts WHERE email = ?', [email])
  return rows[0] && toAccount(rows[0])
}

export async function findAccountById(db: Db, id: number): Promise<AccountRow | undefined> {
  const [rows] = await db.query<RowDataPacket[]>('SELECT id, email, password_hash, role, campaign_ids, disabled_at FROM accounts WHERE id = ?', [id])
  return rows[0] && toAccount(rows[0])
}

/** Disables (now) or enables the account; false when there is none for the email. */
export async function setAccountDisabled(db: Db, email: string, disabled: boolean): Promise<boolean> {
  const sql = disabled ? 'UPDATE accounts SET disabled_at = COALESCE(disabled_at, NOW(3)) WHERE email = ?' : 'UPDATE accounts SET disabled_at = NULL WHERE email = ?'
  const [result] = await db.query<ResultSetHeader>(sql, [email])
  return result.affectedRows > 0
}

/** The campaigns the account sees from now on; false when there is none for the email. */
export async function setAccountScope(db: Db, email: string, campaignIds: CampaignScope): Promise<boolean> {
  const [result] = await db.query<ResultSetHeader>('UPDATE accounts SET campaign_ids = ? WHERE email = ?', [campaignIds === 'all' ? null : JSON.stringify(campaignIds), email])
  return result.affectedRows > 0
}

/** Every account, for `./axon user list`. */
export async function listAccounts(db: Db): Promise<AccountRow[]> {
  const [rows] = await db.query<RowDataPacket[]>("SELECT id, email, '' AS password_hash, role, campaign_ids, disabled_at FROM accounts ORDER BY email")
  return rows.map(toAccount)
}

/** How many admins are enabled, their rows locked until the transaction ends (so two cannot disable each other at once). */
export async function lockEnabledAdmins(db: Db): Promise<number> {
  const [rows] = await db.query<RowDataPacket[]>("SELECT id FROM accounts WHERE role = 'admin' AND disabled_at IS NULL FOR UPDATE")
  return rows.length
}

export async function anyActiveAdmin(db: Db): Promise<boolean> {
  const [rows] = await db.query<RowDataPacket[]>("SELECT 1 FROM accounts WHERE role = 'admin' AND disabled_at IS NULL LIMIT 1")
  return rows.length > 0
}
