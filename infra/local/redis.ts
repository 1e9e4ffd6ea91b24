/**
 * The project-owned Redis: `redis-server` with the append-only file on, its data under the given
 * folder, listening on 127.0.0.1 only, on a port of the project's own (not 6379). With `fsync:
 * always` a write is on disk before Redis answers it, so a confirmed payment survives a host crash
 * or power loss; `everysec` can lose the last second of them (README, Performance).
 */
import { join } from 'node:path'
import '../../common/runtime/tracing-channel'
import Redis from 'ioredis'
import { config, envName, type RedisFsync } from '../../common/config'
import { startServer, type RunningServer } from './server-process'
import { requirePrograms } from './tools'

export interface EmbeddedRedisOptions {
  dir: string
  port: number
  /** the setting that moves the port, for errors ("AXON_EMBEDDED_REDIS_PORT") */
  portSetting: string
  exclusive: boolean
  /** appendfsync: `always` or `everysec` */
  fsync: RedisFsync
}

/** AXON_REDIS_FSYNC, checked against redisFsyncModes when the config loaded */
export const configuredFsync = config.redisFsync as RedisFsync

export function embeddedRedisUrl(port: number): string {
  return `redis://127.0.0.1:${port}`
}

/** One PING on a fresh connection that gives up at once, so a server not up yet is just "not ready". */
export async function redisAnswers(url: string): Promise<boolean> {
  const client = new Redis(url, { lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0, connectTimeout: 1000 })
  client.on('error', () => {})
  try {
    await client.connect()
    return (await client.ping()) === 'PONG'
  } catch {
    return false
  } finally {
    client.disconnect()
  }
}

export async function startEmbeddedRedis(options: EmbeddedRedisOptions): Promise<RunningServer> {
  const alternative = `set ${envName.redisUrl} to use a Redis of your own`
  const [redisServer] = await requirePrograms([{ program: 'redis-server', pkg: 'redis-server' }], 'the embedded Redis', alternative)
  const logFile = join(options.dir, 'redis.log')
  const url = embeddedRedisUrl(options.port)
  return startServer({
    name: 'Redis',
    programName: 'redis-server',
    // every setting on the command line, so no system redis.conf applies
    command: [
      redisServer!,
      '--port', String(options.port),
      '--bind', '127.0.0.1',
      '--dir', options.dir,
      '--appendonly', 'yes',
      '--appendfsync', options.fsync,
      '--save', '',
      '--daemonize', 'no',
      '--logfile', logFile,
    ],
    dir: options.dir,
    port: options.port,
    portSetting: options.portSetting,
    alternative,
    logFile,
    ready: () => redisAnswers(url),
    exclusive: options.exclusive,
  })
}

/** Empties a test Redis: the whole server when it is ours, only its database when it is the user's. */
export async function emptyRedis(url: string, wholeServer: boolean): Promise<void> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 })
  try {
    await client.connect()
    await (wholeServer ? client.flushall() : client.flushdb())
  } finally {
    client.disconnect()
  }
}
