/** `./axon status`: what is running — the embedded servers of `up` and of `test`, and the three processes. */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { config, envName } from '../../common/config'
import { appSpecs, healthy } from '../local/apps'
import { mysqlAnswers } from '../local/mariadb'
import { redisAnswers } from '../local/redis'
import { displayUrl } from '../local/report'
import { secretsPath } from '../local/secrets'
import { readRecord, runsProgram } from '../local/server-process'
import type { Command } from './support/command'
import { developmentProfile, testProfile, type Profile } from './support/servers'

function embeddedState(dir: string, programName: string): string {
  const record = readRecord(dir)
  if (!record || !runsProgram(record.pid, programName)) return 'not running'
  return `running, pid ${record.pid}, port ${record.port} (started by axon pid ${record.owner})`
}

async function serverLines(label: string, profile: Profile): Promise<string[]> {
  const redis = config.redisUrl
    ? `${envName.redisUrl} ${displayUrl(config.redisUrl)}: ${(await redisAnswers(config.redisUrl)) ? 'answers' : 'does not answer'}`
    : embeddedState(join(profile.dataDir, 'redis'), 'redis-server')
  const mysql = config.mysqlUrl
    ? `${envName.mysqlUrl} ${displayUrl(config.mysqlUrl)}: ${(await mysqlAnswers(config.mysqlUrl)) ? 'answers' : 'does not answer'}`
    : embeddedState(join(profile.dataDir, 'mariadb'), 'mariadbd')
  return [`${label} servers (${profile.dataDir})`, `  Redis     ${redis}`, `  MariaDB   ${mysql}`]
}

export const status: Command = {
  name: 'status',
  summary: 'show which servers and processes are running, and where the data and secrets are',
  interruptedExitCode: 130,
  async run() {
    const lines = [...(await serverLines('./axon up', developmentProfile(config))), ...(await serverLines('./axon test', testProfile(config)))]
    lines.push('processes')
    for (const spec of appSpecs(config)) {
      const state = (await healthy(spec.port)) ? 'healthy' : 'not answering'
      lines.push(`  ${spec.name.padEnd(10)}http://localhost:${spec.port}  ${state}`)
    }
    const secrets = secretsPath(config.dataDir)
    lines.push(`secrets     ${existsSync(secrets) ? secrets : 'none yet (./axon up or ./axon token makes them)'}`)
    process.stdout.write(lines.join('\n') + '\n')
    return 0
  },
}
