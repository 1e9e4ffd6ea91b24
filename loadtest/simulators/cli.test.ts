import { describe, expect, test } from 'bun:test'
import { simulate, UsageError } from './cli'

// nothing listens here: a simulation that got past its checks would fail to connect instead
const nowhere = { gatewayUrl: 'http://127.0.0.1:9', coreUrl: 'http://127.0.0.1:9', analyticsUrl: 'http://127.0.0.1:9', internalToken: '' }
const settings = { env: 'development', holdTtlSeconds: 300, shopTimeZone: 'Asia/Seoul' }
const run = (argv: string[], env = settings) => simulate(argv, nowhere, env, () => {})

describe('./axon simulate', () => {
  test.each([
    [['dance'], 'unknown simulation'],
    [['journey'], '--activity is required'],
    [['journey', '--activity', '1;2'], 'activity ids'],
    [['journey', '--activity', '1', '--pay', '0.9', '--cancel', '0.2'], 'more than 1'],
    [['journey', '--activity', '1', '--visitors', 'many'], 'whole number'],
    [['ltv', '--activity', '3'], '--journey FILE'],
    [['journey', '--activity', '1', '--colour', 'red'], 'colour'],
  ])('%j is a usage error naming what is wrong', async (argv, says) => {
    const error = await run(argv).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(UsageError)
    expect((error as Error).message).toContain(says)
  })

  test('time travel is refused in production before anything is asked of the platform', async () => {
    await expect(run(['time-travel', '--activity', '1', '--days', '30'], { ...settings, env: 'production' })).rejects.toThrow('refused in production')
  })
})
