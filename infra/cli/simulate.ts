/**
 * `./axon simulate <journey|ltv|time-travel|full-funnel> …`: runs a simulator against the platform
 * `./axon up` runs (its ports and this installation's admin token), printing what it did as JSON on
 * stdout and its progress on stderr.
 */
import { config } from '../../common/config'
import { simulate, simulateUsage, UsageError } from '../../loadtest/simulators/cli'
import { PlatformRefused, type PlatformAddress } from '../../loadtest/simulators/platform-client'
import { SetupError } from '../local/report'
import { installationSecrets } from '../local/secrets'
import type { Command } from './support/command'

/** The platform of `./axon up` on this machine. */
export function localPlatform(): PlatformAddress {
  const { internalToken } = installationSecrets(config.dataDir, config)
  const local = (port: number) => `http://127.0.0.1:${port}`
  return { gatewayUrl: local(config.gatewayPort), coreUrl: config.coreUrl || local(config.corePort), analyticsUrl: local(config.analyticsPort), internalToken }
}

export const simulationSettings = () => ({ env: config.env, holdTtlSeconds: config.holdTtlSeconds, shopTimeZone: config.shopTimeZone })

export const simulateCommand: Command = {
  name: 'simulate',
  args: '<simulation> [flags]',
  summary: 'journey, ltv, time-travel or full-funnel against the running platform, printing what it did as JSON; --help for flags',
  interruptedExitCode: 130,
  async run(args) {
    if (!args.length || args.includes('--help')) {
      process.stdout.write(`${simulateUsage}\n`)
      return args.length ? 0 : 2
    }
    try {
      const result = await simulate(args, localPlatform(), simulationSettings(), (line) => process.stderr.write(`${line}\n`))
      process.stdout.write(`${JSON.stringify(result, null, 2)}\n`)
      return 0
    } catch (error) {
      if (error instanceof UsageError) throw new SetupError(`${error.message}\n\n${simulateUsage}`, 2)
      if (error instanceof PlatformRefused) throw new SetupError(`simulation stopped: ${error.message}`)
      if ((error as { code?: string }).code === 'ConnectionRefused')
        throw new SetupError('the platform does not answer: start it with ./axon up (in another terminal) first')
      throw error
    }
  },
}
