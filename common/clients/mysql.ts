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
/** The pool, or one connection inside a transaction: repository functions accept either. */
export type Db = Pool | PoolConnection

export function mysqlUrl(): string {
  if (!config.mysqlUrl)
    throw new Error(`${envName.mysqlUrl} is not set: ./axon up and ./axon test start a MariaDB of their own (run a test file that needs one with ./axon test <file>), or export ${envName.mysqlUrl}`)
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

/**
 * Runs `work` again when InnoDB chose it as a deadlock victim: the victim is rolled back whole, so
 * running it again is safe, and cheaper than failing the batch it belongs to. Other errors, and the
 * last attempt's deadlock, reach the caller.
 */
export async function retryDeadlocks<T>(work: () => Promise<T>, { attempts = 4 }: { attempts?: number } = {}): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work()
    } catch (error) {
      if ((error as { code?: string }).code !== 'ER_LOCK_DEADLOCK' || attempt >= attempts) throw error
      await Bun.sleep(5 + Math.random() * 20 * attempt)
    }
  }
}
