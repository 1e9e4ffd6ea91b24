/**
 * Versioned SQL migrations: `NNNN_name.sql` files applied in order and recorded in
 * `schema_migrations` with a checksum, so an applied file that was edited afterwards is refused
 * instead of silently diverging. Each process folder owns its own set (a "scope").
 * A named lock keeps two processes from migrating the same database at once.
 */
import { createHash } from 'node:crypto'
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import mysql from 'mysql2/promise'
import { createMysqlPool, type Pool, type RowDataPacket } from '../clients/mysql'

export interface MigrationSet {
  scope: string
  dir: string
}

interface Migration {
  version: number
  name: string
  sql: string
  checksum: string
}

function readMigrations(dir: string): Migration[] {
  const migrations = readdirSync(dir)
    .map((file) => ({ file, match: /^(\d{4})_([a-z0-9_]+)\.sql$/.exec(file) }))
    .filter((m) => m.match)
    .map(({ file, match }) => {
      const sql = readFileSync(join(dir, file), 'utf8')
      return {
        version: Number(match![1]),
        name: match![2]!,
        sql,
        checksum: createHash('sha256').update(sql).digest('hex'),
      }
    })
    .sort((a, b) => a.version - b.version)
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`${dir}: migrations must be numbered 0001, 0002, … without gaps (found ${m.version})`)
  })
  return migrations
}

/** Splits a file on `;` at the end of a line; our migrations hold no procedures. */
function statements(sql: string): string[] {
  return sql
    .split(/;\s*$/m)
    .map((s) => s.replace(/^\s*--.*$/gm, '').trim())
    .filter(Boolean)
}

/** Creates the database named in the URL when it does not exist yet. */
export async function ensureDatabase(url: string): Promise<void> {
  const parsed = new URL(url)
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, ''))
  if (!/^[A-Za-z0-9_]+$/.test(database)) throw new Error(`MYSQL_URL must name a database (letters, digits, _), got "${database}"`)
  parsed.pathname = '/'
  const conn = await mysql.createConnection({ uri: parsed.toString() })
  try {
    await conn.query(`CREATE DATABASE IF NOT EXISTS \`${database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`)
  } finally {
    await conn.end()
  }
}

export interface MigrateResult {
  applied: string[]
}

export async function migrate(pool: Pool, sets: readonly MigrationSet[], onApply?: (label: string) => void): Promise<MigrateResult> {
  const conn = await pool.getConnection()
  const applied: string[] = []
  try {
    const [[lock]] = await conn.query<RowDataPacket[]>(`SELECT GET_LOCK('axon_migrate', 60) AS got`)
    if (lock?.got !== 1) throw new Error('another process is migrating this database (lock axon_migrate held for 60 s)')
    await conn.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      scope VARCHAR(32) NOT NULL, version INT NOT NULL, name VARCHAR(200) NOT NULL, checksum CHAR(64) NOT NULL,
      applied_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), PRIMARY KEY (scope, version))`)
    for (const set of sets) {
      const [rows] = await conn.query<RowDataPacket[]>('SELECT version, checksum FROM schema_migrations WHERE scope = ?', [set.scope])
      const done = new Map(rows.map((r) => [Number(r.version), String(r.checksum)]))
      for (const m of readMigrations(set.dir)) {
        const label = `${set.scope}/${String(m.version).padStart(4, '0')}_${m.name}`
        const checksum = done.get(m.version)
        if (checksum !== undefined) {
          if (checksum !== m.checksum) throw new Error(`migration ${label} was edited after it was applied; add a new migration instead`)
          continue
        }
        for (const statement of statements(m.sql)) await conn.query(statement)
        await conn.query('INSERT INTO schema_migrations (scope, version, name, checksum) VALUES (?, ?, ?, ?)', [set.scope, m.version, m.name, m.checksum])
        applied.push(label)
        onApply?.(label)
      }
    }
  } finally {
    await conn.query(`SELECT RELEASE_LOCK('axon_migrate')`).catch(() => {})
    conn.release()
  }
  return { applied }
}

/** Creates the database named in `url` if needed and applies the pending migrations of `sets` (a process's own tables at boot). */
export async function migrateDatabase(url: string, sets: readonly MigrationSet[]): Promise<MigrateResult> {
  await ensureDatabase(url)
  const pool = createMysqlPool({ url, connectionLimit: 1 })
  try {
    return await migrate(pool, sets)
  } finally {
    await pool.end()
  }
}
