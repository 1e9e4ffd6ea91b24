/**
 * The MySQL the ingestion benchmark's sink writes to: the server MYSQL_URL names, or else a
 * project-owned MariaDB of its own (data folder `<AXON_DATA_DIR>-bench/mariadb`, port
 * AXON_EMBEDDED_MYSQL_PORT + 2, durable commits as in production unless asked otherwise). Either
 * way the run writes to a database of its own (`axon_bench` unless named), dropped and re-created,
 * never to one someone else uses. `keep` leaves an existing one as it is (the caller checks it holds
 * what it wants).
 */
import { join } from 'node:path'
import { config, envName } from '../../common/config'
import { recreateDatabase, withDatabase } from '../../infra/local/database'
import { ensureDatabase } from '../../common/db/migrate'
import { embeddedMysqlUrl, startEmbeddedMariadb } from '../../infra/local/mariadb'

export interface BenchMysqlOptions {
  /** a database of the run's own, dropped and re-created (default axon_bench) */
  database?: string
  /** commits on disk before they answer, as in production (default true); a load-then-read benchmark can skip it */
  durable?: boolean
  /** keep the database when it exists (a benchmark that reuses an earlier fill); default false */
  keep?: boolean
}

export interface BenchMysql {
  url: string
  /** what the figures' footnote says about it */
  description: string
  /** the server process, when it is ours to watch */
  pid?: number
  stop(): Promise<void>
}

export async function benchMysql({ database = 'axon_bench', durable = true, keep = false }: BenchMysqlOptions = {}): Promise<BenchMysql> {
  if (config.mysqlUrl) {
    const url = withDatabase(config.mysqlUrl, database)
    await (keep ? ensureDatabase(url) : recreateDatabase(url))
    return { url, description: `${envName.mysqlUrl}'s server, database ${database}`, stop: async () => {} }
  }
  const port = config.embeddedMysqlPort + 2
  const dir = join(`${config.dataDir}-bench`, 'mariadb')
  const portSetting = `${envName.embeddedMysqlPort} (the benchmark uses it + 2)`
  const server = await startEmbeddedMariadb({ dir, port, portSetting, exclusive: true, durable })
  const url = embeddedMysqlUrl(port, database)
  await (keep ? ensureDatabase(url) : recreateDatabase(url))
  const commits = durable ? 'durable commits' : 'commits not flushed'
  return { url, pid: server.pid, description: `project-owned MariaDB on port ${port} (${commits}), database ${database}`, stop: () => server.stop() }
}
