/**
 * The Redis and MySQL a command works against: the user's when REDIS_URL / MYSQL_URL are set
 * (nothing is started), otherwise project-owned ones in a data folder of the profile's own.
 * `./axon up` and `./axon test` use different folders and ports, so tests can run beside `up`.
 */
import { join } from 'node:path'
import { envName, type Config } from '../../../common/config'
import { prepareDatabase, withDatabase } from '../../local/database'
import { embeddedMysqlUrl, startEmbeddedMariadb } from '../../local/mariadb'
import { configuredFsync, embeddedRedisUrl, startEmbeddedRedis } from '../../local/redis'
import { displayUrl, say } from '../../local/report'
import { stopWhenDone } from './session'

export interface Profile {
  dataDir: string
  redisPort: number
  redisPortSetting: string
  mysqlPort: number
  mysqlPortSetting: string
  database: string
  /** refuse servers another live axon command is using (a test run wipes them) */
  exclusive: boolean
  durable: boolean
}

export interface Servers {
  redisUrl: string
  mysqlUrl: string
  /** true when the servers are ours to wipe (not the user's) */
  embeddedRedis: boolean
  embeddedMysql: boolean
}

export function developmentProfile(config: Config): Profile {
  return {
    dataDir: config.dataDir,
    redisPort: config.embeddedRedisPort,
    redisPortSetting: envName.embeddedRedisPort,
    mysqlPort: config.embeddedMysqlPort,
    mysqlPortSetting: envName.embeddedMysqlPort,
    database: 'axon',
    exclusive: false,
    durable: true,
  }
}

/** Beside the development data folder, on the next ports up. */
export function testProfile(config: Config): Profile {
  return {
    dataDir: `${config.dataDir}-test`,
    redisPort: config.embeddedRedisPort + 1,
    redisPortSetting: `${envName.embeddedRedisPort} (tests use it + 1)`,
    mysqlPort: config.embeddedMysqlPort + 1,
    mysqlPortSetting: `${envName.embeddedMysqlPort} (tests use it + 1)`,
    database: 'axon_test',
    exclusive: true,
    durable: false,
  }
}

async function provideRedis(config: Config, profile: Profile): Promise<string> {
  if (config.redisUrl) {
    say(`Redis: using ${envName.redisUrl} (${displayUrl(config.redisUrl)})`)
    return config.redisUrl
  }
  const dir = join(profile.dataDir, 'redis')
  // a test run's data is thrown away, so like its MariaDB it need not reach the disk first
  const fsync = profile.durable ? configuredFsync : 'everysec'
  const redis = await startEmbeddedRedis({ dir, port: profile.redisPort, portSetting: profile.redisPortSetting, exclusive: profile.exclusive, fsync })
  if (redis.owned) stopWhenDone('Redis', redis.stop)
  const url = embeddedRedisUrl(profile.redisPort)
  say(`Redis: ${url} (embedded, pid ${redis.pid}, data in ${dir})`)
  return url
}

async function provideMysql(config: Config, profile: Profile): Promise<string> {
  if (config.mysqlUrl) {
    // a test run gets its own database on the user's server, never the one the URL names
    const url = profile.exclusive ? withDatabase(config.mysqlUrl, profile.database) : config.mysqlUrl
    say(`MySQL: using ${envName.mysqlUrl} (${displayUrl(url)})`)
    return url
  }
  const dir = join(profile.dataDir, 'mariadb')
  const options = { dir, port: profile.mysqlPort, portSetting: profile.mysqlPortSetting, exclusive: profile.exclusive, durable: profile.durable }
  const mariadb = await startEmbeddedMariadb(options)
  if (mariadb.owned) stopWhenDone('MariaDB', mariadb.stop)
  const url = embeddedMysqlUrl(profile.mysqlPort, profile.database)
  say(`MariaDB: ${url} (embedded, pid ${mariadb.pid}, data in ${dir})`)
  return url
}

export async function provideServers(config: Config, profile: Profile): Promise<Servers> {
  // one after the other: both may need apt-get, which allows one install at a time
  const redisUrl = await provideRedis(config, profile)
  const mysqlUrl = await provideMysql(config, profile)
  return { redisUrl, mysqlUrl, embeddedRedis: !config.redisUrl, embeddedMysql: !config.mysqlUrl }
}

/** The Redis of `./axon up` (or the user's REDIS_URL), for commands that need nothing else. */
export const developmentRedis = (config: Config) => provideRedis(config, developmentProfile(config))

/** The servers of `./axon up` (or the user's), with the database created and migrated. */
export async function developmentServers(config: Config): Promise<Servers> {
  const servers = await provideServers(config, developmentProfile(config))
  await prepareDatabase(servers.mysqlUrl)
  return servers
}
