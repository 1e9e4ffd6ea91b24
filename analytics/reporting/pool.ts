/**
 * The reporting port's connection: analytics reads domain facts (campaigns, budgets, activities,
 * reservations, purchases) from the MySQL that `AXON_REPORTING_MYSQL_URL` names — a read replica in
 * production, the main database by default — never writing: every connection is READ ONLY, so a
 * bug that tries to write fails loudly instead of touching core's tables.
 */
import type { Pool } from '../../common/clients/mysql'
import { createMysqlPool, mysqlUrl } from '../../common/clients/mysql'
import { config } from '../../common/config'

export function reportingPool({ url = config.reportingMysqlUrl || mysqlUrl(), connectionLimit = 10 } = {}): Pool {
  const pool = createMysqlPool({ url, connectionLimit })
  // the callback pool emits 'connection' for each new connection; the promise pool forwards it
  ;(pool as unknown as { pool: { on(event: 'connection', listener: (conn: { query(sql: string): void }) => void): void } }).pool.on('connection', (conn) => {
    conn.query('SET SESSION TRANSACTION READ ONLY')
  })
  return pool
}
