/** `./axon seed`: load the demo data into an empty database (does nothing when data exists). */
import { config } from '../../common/config'
import { childEnvironment } from '../../common/config/child-env'
import { runSeed, seedScriptExists } from '../local/apps'
import { SetupError } from '../local/report'
import type { Command } from './support/command'
import { developmentServers } from './support/servers'

export const seed: Command = {
  name: 'seed',
  summary: 'load the demo data when the database has none (migrates first)',
  interruptedExitCode: 130,
  async run() {
    if (!seedScriptExists()) throw new SetupError('core/cli/seed.ts not found: this checkout has no demo seed yet')
    const servers = await developmentServers(config)
    await runSeed(childEnvironment({ redisUrl: servers.redisUrl, mysqlUrl: servers.mysqlUrl }))
    return 0
  },
}
