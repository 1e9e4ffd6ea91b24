/**
 * `./axon test [bun test arguments]`: the whole suite (or the files named) against fresh servers
 * of its own: a test data folder and ports beside `./axon up`'s, database `axon_test` dropped and
 * re-created, Redis emptied. Exits with bun test's code.
 */
import { config, projectRoot } from '../../common/config'
import { childEnvironment } from '../../common/config/child-env'
import { recreateDatabase } from '../local/database'
import { emptyRedis } from '../local/redis'
import { say } from '../local/report'
import { offerPrograms } from '../local/tools'
import type { Command } from './support/command'
import { provideServers, testProfile } from './support/servers'
import { stopWhenDone } from './support/session'

/**
 * Tools some tests drive: librdkafka's mock Kafka cluster runs inside kcat; browser tests use
 * Chromium, and Noto CJK so the screenshots show Korean names (the seeds' shop) instead of boxes.
 */
const testTools = [
  { program: 'kcat', pkg: 'kcat' },
  { program: 'chromium', pkg: 'chromium' },
  { file: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', pkg: 'fonts-noto-cjk' },
]

export const test: Command = {
  name: 'test',
  args: '[bun test args…]',
  summary: 'run the whole test suite (or the files named) against fresh test servers; exits with its code',
  interruptedExitCode: 130,
  async run(args) {
    const startedAt = performance.now()
    await offerPrograms(testTools, 'Kafka contract tests (kcat) and browser tests (chromium, fonts-noto-cjk)')
    const profile = testProfile(config)
    const servers = await provideServers(config, profile)
    await recreateDatabase(servers.mysqlUrl)
    await emptyRedis(servers.redisUrl, servers.embeddedRedis)
    say(`database ${profile.database} re-created, Redis emptied; running bun test ${args.join(' ')}`.trimEnd())

    const env = childEnvironment({ redisUrl: servers.redisUrl, mysqlUrl: servers.mysqlUrl, env: 'test', dataDir: profile.dataDir })
    // bunfig.toml's [test] timeout is not applied by Bun 1.4.5, so the per-test limit is passed here
    const child = Bun.spawn([process.execPath, 'test', '--timeout', '60000', ...args], { cwd: projectRoot, env, stdio: ['inherit', 'inherit', 'inherit'] })
    stopWhenDone('bun test', async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT')
      await child.exited
    })
    const code = await child.exited
    const seconds = ((performance.now() - startedAt) / 1000).toFixed(1)
    say(code === 0 ? `tests passed (${seconds} s)` : `bun test exited with code ${code} (${seconds} s)`)
    return code
  },
}
