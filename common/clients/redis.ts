/**
 * Redis connections. Request paths share one auto-pipelining connection (ioredis batches the
 * commands issued in the same tick into one write); blocking reads (XREADGROUP BLOCK) get their own
 * connection so they never stall the pipeline.
 */
import '../runtime/tracing-channel'
import Redis from 'ioredis'
import { config, envName } from '../config'

export type { Redis }

export interface RedisOptions {
  /** shown in CLIENT LIST, helps when reading a busy server */
  name: string
  /** for XREADGROUP BLOCK and the like: no auto-pipelining, no per-request retry limit */
  blocking?: boolean
  url?: string
}

export function redisUrl(): string {
  if (!config.redisUrl)
    throw new Error(`${envName.redisUrl} is not set: ./axon up and ./axon test start a Redis of their own (run a test file that needs one with ./axon test <file>), or export ${envName.redisUrl}`)
  return config.redisUrl
}

export function createRedis({ name, blocking = false, url = redisUrl() }: RedisOptions): Redis {
  return new Redis(url, {
    connectionName: `axon-${name}`,
    enableAutoPipelining: !blocking,
    maxRetriesPerRequest: blocking ? null : 3,
    // Fail fast at boot instead of queueing requests forever against a server that is not there.
    enableOfflineQueue: true,
    retryStrategy: (times) => Math.min(times * 100, 2000),
  })
}
