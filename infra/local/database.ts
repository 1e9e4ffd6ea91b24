/** Bringing the platform's database to the schema the code expects, and resetting the test one. */
import mysql from 'mysql2/promise'
import { createMysqlPool } from '../../common/clients/mysql'
import { ensureDatabase, migrate } from '../../common/db/migrate'
import { migrationSets } from '../migrations'
import { say } from './report'

/** Creates the database named in `url` when missing and applies every pending migration. */
export async function prepareDatabase(url: string): Promise<void> {
  await ensureDatabase(url)
  const pool = createMysqlPool({ url, connectionLimit: 1 })
  try {
    const { applied } = await migrate(pool, migrationSets, (label) => say(`migration ${label} applied`))
    if (!applied.length) say('database schema is up to date')
  } finally {
    await pool.end()
  }
}

/** The same server URL naming another database. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url)
  parsed.pathname = `/${database}`
  return parsed.toString()
}

/** Drops and re-creates the database named in `url`, so every test run starts from nothing. */
export async function recreateDatabase(url: string): Promise<void> {
  const database = decodeURIComponent(new URL(url).pathname.slice(1))
  if (!/^[A-Za-z0-9_]+$/.test(database)) throw new Error(`not a database name: "${database}"`)
  const conn = await mysql.createConnection({ uri: withDatabase(url, '') })
  try {
    await conn.query(`DROP DATABASE IF EXISTS \`${database}\``)
  } finally {
    await conn.end()
  }
  await ensureDatabase(url)
}
