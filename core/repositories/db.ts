/** What every repository shares: the handle it queries through and partial-update SQL. */
import type { Db } from '../../common/clients/mysql'

export type { Db }

/**
 * Builds `col = ?, col = ?` for the fields of `patch` that are set, so an update touches only what
 * the caller changed. `columns` maps field names to column names and is the whitelist.
 */
export function assignments<T extends object>(patch: T, columns: { [K in keyof T]-?: string }) {
  const sql: string[] = []
  const values: unknown[] = []
  for (const key of Object.keys(columns) as (keyof T)[]) {
    const value = patch[key]
    if (value === undefined) continue
    sql.push(`${columns[key]} = ?`)
    values.push(value)
  }
  return { sql: sql.join(', '), values }
}

/** True when `error` is a violation of the unique key named `key` (the constraint name in the schema). */
export function isDuplicateKey(error: unknown, key: string): boolean {
  const e = error as { code?: string; sqlMessage?: string } | null
  return e?.code === 'ER_DUP_ENTRY' && (e.sqlMessage ?? '').includes(`'${key}'`)
}
