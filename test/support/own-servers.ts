/**
 * A Redis and a MariaDB of a test's own, in a temporary folder on free ports, for fault tests that
 * stop or crash a server: the suite's shared servers keep running for every other test.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { embeddedMysqlUrl, startEmbeddedMariadb } from '../../infra/local/mariadb'
import { embeddedRedisUrl, startEmbeddedRedis } from '../../infra/local/redis'
import { isAlive, type RunningServer } from '../../infra/local/server-process'
import { freePorts } from './free-ports'

export interface OwnServer {
  url: string
  /** stops the server (SIGTERM: it shuts down cleanly), keeping its data */
  stop(): Promise<void>
  /** SIGKILL, as a crash or `kill -9`: no shutdown, no last write; resolves once the process is gone */
  kill(): Promise<void>
  /** starts it again on the same port and data (a Redis loads its append-only file) */
  start(): Promise<void>
  /** stops it for good and removes its data */
  remove(): Promise<void>
}

async function ownServer(prefix: string, url: (port: number) => string, launch: (dir: string, port: number) => Promise<RunningServer>): Promise<OwnServer> {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  const [port] = (await freePorts(1)) as [number]
  let running: RunningServer | undefined = await launch(dir, port)
  return {
    url: url(port),
    async stop() {
      await running?.stop()
      running = undefined
    },
    async kill() {
      if (!running) return
      process.kill(running.pid, 'SIGKILL')
      while (isAlive(running.pid)) await Bun.sleep(10)
      running = undefined
    },
    async start() {
      running ??= await launch(dir, port)
    },
    async remove() {
      await running?.stop()
      running = undefined
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** `database` is named in the URL; the platform's processes create and migrate it at start. */
export const ownMariadb = (database: string) =>
  ownServer('axon-mariadb-', (port) => embeddedMysqlUrl(port, database), (dir, port) =>
    startEmbeddedMariadb({ dir, port, portSetting: 'a free port', exclusive: true, durable: false }),
  )

export const ownRedis = () =>
  ownServer('axon-redis-', embeddedRedisUrl, (dir, port) => startEmbeddedRedis({ dir, port, portSetting: 'a free port', exclusive: true, fsync: 'always' }))
