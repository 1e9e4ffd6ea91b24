/** `./axon migrate`: create the database if needed and apply pending migrations. */
import { config } from '../../common/config'
import type { Command } from './support/command'
import { developmentServers } from './support/servers'

export const migrate: Command = {
  name: 'migrate',
  summary: 'create the database if needed and apply pending migrations (starts the servers for it if needed)',
  interruptedExitCode: 130,
  async run() {
    await developmentServers(config)
    return 0
  },
}
