/**
 * The project-owned MariaDB: a data folder made once by `mariadb-install-db` (root without a
 * password, as for a local development server), then `mariadbd` on 127.0.0.1 on a port of the
 * project's own (not 3306). `--no-defaults` keeps the machine's my.cnf out of it.
 */
import { existsSync, mkdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import mysql from 'mysql2/promise'
import { envName } from '../../common/config'
import { SetupError, say } from './report'
import { startServer, type RunningServer } from './server-process'
import { requirePrograms, runningAsRoot } from './tools'

export interface EmbeddedMariadbOptions {
  dir: string
  port: number
  portSetting: string
  exclusive: boolean
  /** off for throwaway test data: skips the fsync on every commit */
  durable: boolean
}

export function embeddedMysqlUrl(port: number, database: string): string {
  return `mysql://root@127.0.0.1:${port}/${database}`
}

export async function mysqlAnswers(url: string): Promise<boolean> {
  try {
    const conn = await mysql.createConnection({ uri: url, connectTimeout: 1000 })
    await conn.end()
    return true
  } catch {
    return false
  }
}

/** Unix sockets paths are limited to ~107 bytes; a deep checkout would exceed it. */
function socketPath(dir: string): string {
  const inside = join(dir, 'mariadbd.sock')
  return inside.length < 100 ? inside : join('/tmp', `axon-mariadbd-${Bun.hash(dir).toString(16)}.sock`)
}

async function installDataDir(installDb: string, dataDir: string) {
  say(`MariaDB: creating its data folder ${dataDir} (first run)`)
  const user = runningAsRoot() ? ['--user=root'] : []
  const child = Bun.spawn(
    [installDb, '--no-defaults', `--datadir=${dataDir}`, '--auth-root-authentication-method=normal', '--skip-test-db', ...user],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  )
  const [out, err, code] = await Promise.all([new Response(child.stdout).text(), new Response(child.stderr).text(), child.exited])
  if (code === 0) return
  rmSync(dataDir, { recursive: true, force: true })
  throw new SetupError(`mariadb-install-db failed (exit ${code}):\n${`${out}\n${err}`.trim().split('\n').slice(-15).join('\n')}`)
}

export async function startEmbeddedMariadb(options: EmbeddedMariadbOptions): Promise<RunningServer> {
  const alternative = `set ${envName.mysqlUrl} to use a MySQL/MariaDB of your own`
  const [mariadbd, installDb] = await requirePrograms(
    [
      { program: 'mariadbd', pkg: 'mariadb-server' },
      { program: 'mariadb-install-db', pkg: 'mariadb-server' },
    ],
    'the embedded MariaDB',
    alternative,
  )
  mkdirSync(options.dir, { recursive: true })
  const dataDir = join(options.dir, 'data')
  if (!existsSync(join(dataDir, 'mysql'))) await installDataDir(installDb!, dataDir)
  const logFile = join(options.dir, 'error.log')
  // temporary tables that outgrow memory go to a folder of the server's own, not the machine's /tmp
  const tmpDir = join(options.dir, 'tmp')
  mkdirSync(tmpDir, { recursive: true })
  const relaxed = options.durable ? [] : ['--innodb-flush-log-at-trx-commit=0', '--sync-binlog=0', '--innodb-doublewrite=0']
  const url = embeddedMysqlUrl(options.port, '')
  return startServer({
    name: 'MariaDB',
    programName: 'mariadbd',
    command: [
      mariadbd!,
      '--no-defaults',
      `--datadir=${dataDir}`,
      `--port=${options.port}`,
      `--socket=${socketPath(options.dir)}`,
      '--bind-address=127.0.0.1',
      `--pid-file=${join(options.dir, 'mariadbd.pid')}`,
      `--log-error=${logFile}`,
      `--tmpdir=${tmpDir}`,
      ...relaxed,
      ...(runningAsRoot() ? ['--user=root'] : []),
    ],
    dir: options.dir,
    port: options.port,
    portSetting: options.portSetting,
    alternative,
    logFile,
    ready: () => mysqlAnswers(url),
    exclusive: options.exclusive,
  })
}
