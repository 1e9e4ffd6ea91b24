/**
 * A project-owned redis-server of one test's own (temp folder, free port, AOF fsync always), for
 * tests that flush, kill or restart Redis without touching the suite's shared one.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { embeddedRedisUrl, startEmbeddedRedis } from '../../infra/local/redis'
import { isAlive, type RunningServer } from '../../infra/local/server-process'
import { freePorts } from './free-ports'

export async function startOwnRedis() {
  const dir = mkdtempSync(join(tmpdir(), 'axon-own-redis-'))
  const [port] = (await freePorts(1)) as [number]
  const start = () => startEmbeddedRedis({ dir, port, portSetting: 'its free port', exclusive: true, fsync: 'always' })
  let server: RunningServer = await start()
  return {
    url: embeddedRedisUrl(port),
    /** SIGKILL: no shutdown, no last write; resolves once the process is gone */
    async kill() {
      process.kill(server.pid, 'SIGKILL')
      while (isAlive(server.pid)) await Bun.sleep(10)
    },
    /** starts it again from its data folder (it loads the append-only file) */
    async restart() {
      server = await start()
    },
    async stop() {
      await server.stop()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

