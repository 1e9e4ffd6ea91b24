/** `./axon infra`: only Redis and MariaDB (or the user's), with the schema, for running a process by hand. */
import { config, envName } from '../../common/config'
import type { Command } from './support/command'
import { developmentServers } from './support/servers'
import { untilInterrupted } from './support/session'

export const infra: Command = {
  name: 'infra',
  summary: 'start only Redis and MariaDB (with the schema) and print their URLs; Ctrl-C stops them',
  interruptedExitCode: 0,
  async run() {
    const servers = await developmentServers(config)
    process.stdout.write(
      [
        '',
        'Redis and MariaDB are up. To run a process or a test file against them:',
        `  export ${envName.redisUrl}=${servers.redisUrl} ${envName.mysqlUrl}=${servers.mysqlUrl}`,
        '  bun gateway/main.ts        # or core/main.ts, analytics/main.ts, bun test <file>',
        '',
        'Ctrl-C stops them.',
        '',
      ].join('\n'),
    )
    return untilInterrupted()
  },
}
