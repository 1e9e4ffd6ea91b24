/**
 * The Redis the benchmark drives: the one REDIS_URL names, or else a project-owned redis-server of
 * its own (data folder `<AXON_DATA_DIR>-bench`, port AXON_EMBEDDED_REDIS_PORT + 2), so a run never
 * depends on a server someone else set up and never shares one with `./axon up` (+0) or tests (+1).
 */
import { join } from 'node:path'
import Redis from 'ioredis'
import { config, envName, type RedisFsync } from '../../common/config'
import { embeddedRedisUrl, startEmbeddedRedis } from '../../infra/local/redis'

export interface BenchRedis {
  url: string
  /** what the table's footnote says about it */
  description: string
  stop(): Promise<void>
}

export async function benchRedis(fsync: RedisFsync): Promise<BenchRedis> {
  if (config.redisUrl) return { url: config.redisUrl, description: `${envName.redisUrl} (its own appendfsync)`, stop: async () => {} }
  const port = config.embeddedRedisPort + 2
  const dir = join(`${config.dataDir}-bench`, 'redis')
  const server = await startEmbeddedRedis({ dir, port, portSetting: `${envName.embeddedRedisPort} (the benchmark uses it + 2)`, exclusive: true, fsync })
  // a server adopted from an interrupted run kept the setting it was started with
  const admin = new Redis(embeddedRedisUrl(port))
  await admin.config('SET', 'appendfsync', fsync).finally(() => admin.disconnect())
  return {
    url: embeddedRedisUrl(port),
    description: `project-owned redis-server on port ${port} (AOF, appendfsync ${fsync})`,
    stop: () => server.stop(),
  }
}
