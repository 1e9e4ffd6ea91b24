/** SQL of the accounts table: who may sign in, with which role. */
import type { Db, ResultSetHeader, RowDataPacket } from '../../common/clients/mysql'
import type { Role } from './model'

export interface AccountRow {
  id: number
  email: string
  passwordHash: string
  role: Role
  disabled: boolean
}

function toAccount(row: RowDataPacket): AccountRow {
  return { id: Number(row.id), email: row.email, passwordHash: row.password_hash, role: row.role, disabled: row.disabled_at !== null }
}

export async function insertAccount(db: Db, email: string, passwordHash: string, role: Role): Promise<number> {
  const [result] = await db.query<ResultSetHeader>('INSERT INTO accounts (email, password_hash, role) VALUES (?, ?, ?)', [email, passwordHash, role])
  return result.insertId
}

export async function findAccountByEmail(db: Db, email: string): Promise<AccountRow | undefined> {
  const [rows] = await db.query<RowDataPacket[]>('SELECT id, email, password_hash, role, disabled_at FROM accounts WHERE email = ?', [email])
  return rows[0] && toAccount(rows[0])
}

export async function anyActiveAdmin(db: Db): Promise<boolean> {
  const [rows] = await db.query<RowDataPacket[]>("SELECT 1 FROM accounts WHERE role = 'admin' AND disabled_at IS NULL LIMIT 1")
  return rows.length > 0
}
