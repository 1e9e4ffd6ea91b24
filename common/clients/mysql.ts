/**
 * MySQL/MariaDB pools (mysql2/promise). Dates are UTC on the wire, DECIMAL comes back as numbers
 * (money values fit a double far below 2^53), and multiple statements stay off.
 */
import mysql from 'mysql2/promise'
import { config, envName } from '../config'

export type Pool = mysql.Pool
export type PoolConnection = mysql.PoolConnection
export type ResultSetHeader = mysql.ResultSetHeader
export type RowDataPacket = mysql.RowDataPacket

export function mysqlUrl(): string {
  if (!config.mysqlUrl)
    throw new Error(`${envName.mysqlUrl} is not set: start the platform with ./axon up, or export ${envName.mysqlUrl}`)
  return config.mysqlUrl
}

export function createMysqlPool({ url = mysqlUrl(), connectionLimit = 10 }: { url?: string; connectionLimit?: number } = {}): Pool {
  return mysql.createPool({
    uri: url,
    connectionLimit,
    waitForConnections: true,
    timezone: 'Z',
    dateStrings: false,
    decimalNumbers: true,
    supportBigNumbers: true,
    enableKeepAlive: true,
  })
}

export interface TransactionOptions {
  /**
   * Isolation of this one transaction (the server default, REPEATABLE READ, otherwise). READ
   * COMMITTED takes no gap locks, so queue-like tables claimed with SKIP LOCKED do not deadlock
   * with their writers.
   */
  isolation?: 'READ COMMITTED' | 'REPEATABLE READ' | 'SERIALIZABLE'
}

/** Runs `work` in a transaction on one connection: commit on success, rollback on any error. */
export async function inTransaction<T>(pool: Pool, work: (conn: PoolConnection) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
  const conn = await pool.getConnection()
  try {
    if (options.isolation) await conn.query(`SET TRANSACTION ISOLATION LEVEL ${options.isolation}`)
    await conn.beginTransaction()
    const result = await work(conn)
    await conn.commit()
    return result
  } catch (error) {
    await conn.rollback().catch(() => {})
    throw error
  } finally {
    conn.release()
  }
}
