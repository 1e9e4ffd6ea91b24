/**
 * A unit test runs with plain `bun test <file>` and no server; an integration test run that way
 * fails saying what it needs. Both are run here in a child `bun test` with REDIS_URL and
 * MYSQL_URL unset. (The preload used to throw for every file when they were unset.)
 */
import { expect, test } from 'bun:test'
import { projectRoot } from '../common/config'
import { childEnvironment } from '../common/config/child-env'

const unitTests = [
  'common/config/production.test.ts',
  'common/http/health.test.ts',
  'core/eligibility/rules.test.ts',
  'core/jobs/every.test.ts',
  'core/metrics.test.ts',
]

async function bunTestWithoutServers(files: string[]) {
  const child = Bun.spawn([process.execPath, 'test', ...files], {
    cwd: projectRoot,
    env: childEnvironment({ redisUrl: '', mysqlUrl: '' }),
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const [stdout, stderr, code] = await Promise.all([new Response(child.stdout).text(), new Response(child.stderr).text(), child.exited])
  return { code, output: stdout + stderr }
}

test('unit tests pass with plain bun test and no Redis or MariaDB', async () => {
  const { code, output } = await bunTestWithoutServers(unitTests)
  expect(output).toMatch(/^ 0 fail$/m)
  expect(output).toContain(`across ${unitTests.length} files`)
  expect(code).toBe(0)
}, 60_000)

test('an integration test without the servers fails saying how to run it', async () => {
  const { code, output } = await bunTestWithoutServers(['core/modules/campaigns/campaigns.test.ts'])
  expect(code).not.toBe(0)
  expect(output).toContain('this is an integration test: it talks to a real Redis and MariaDB, and REDIS_URL and MYSQL_URL are not set')
  expect(output).toContain('./axon test <file>')
}, 60_000)
