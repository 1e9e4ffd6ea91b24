/**
 * A MySQL user of a test's own, allowed everything on the test database and nothing else: its
 * sessions can be told from everyone else's (PROCESSLIST.USER), and without SUPER it is held to
 * `read_only` as an application would be.
 */
import { mysqlUrl, type Pool, type RowDataPacket } from '../../common/clients/mysql'

export async function mysqlUserOfItsOwn(pool: Pool, name: string) {
  const user = `${name}_${process.pid}`
  const [rows] = await pool.query<RowDataPacket[]>('SELECT DATABASE() AS db')
  await pool.query(`CREATE USER IF NOT EXISTS '${user}'@'%'`)
  await pool.query(`GRANT ALL ON \`${rows[0]!.db}\`.* TO '${user}'@'%'`)
  const url = new URL(mysqlUrl())
  url.username = user
  url.password = ''
  return {
    user,
    /** MYSQL_URL as this user */
    url: url.toString(),
    drop: () => pool.query(`DROP USER IF EXISTS '${user}'@'%'`),
  }
}
