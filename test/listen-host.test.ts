/**
 * Development servers (dev tokens on by default) are reachable from this machine only: gateway,
 * core and analytics, started as `./axon up` starts them, answer on 127.0.0.1 and refuse a
 * connection to 127.0.0.2 — another address of this machine, standing in for its network
 * interfaces. With AXON_HOST=0.0.0.0 (production's default) they answer there too. The processes
 * get a Redis and a database of their own, so their workers and sweepers touch no other test's data.
 */
import { afterAll, expect, test } from 'bun:test'
import { randomBytes } from 'node:crypto'
import { createMysqlPool } from '../common/clients/mysql'
import { config, projectRoot } from '../common/config'
import { childEnvironment } from '../common/config/child-env'
import { ensureDatabase, migrate } from '../common/db/migrate'
import { withDatabase } from '../infra/local/database'
import { redisAnswers } from '../infra/local/redis'
import { findProgram } from '../infra/local/tools'
import { migrationSets } from '../infra/migrations'
import { requireTestServers, testPool } from './support/clients'
import { freePorts } from './support/free-ports'
import { waitFor } from './support/wait'

requireTestServers()
const database = 'axon_test_listen_host'
const mysqlUrl = withDatabase(config.mysqlUrl, database)
const [redisPort, gatewayPort, corePort, analyticsPort] = (await freePorts(4)) as [number, number, number, number]
const redisServer = Bun.spawn(
  [findProgram('redis-server') ?? 'redis-server', '--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
  { stdio: ['ignore', 'ignore', 'inherit'] },
)
const started: Bun.Subprocess[] = [redisServer]

afterAll(async () => {
  for (const child of started.reverse()) {
    child.kill('SIGTERM')
    await child.exited
  }
  await testPool(1).query(`DROP DATABASE IF EXISTS \`${database}\``)
})

await ensureDatabase(mysqlUrl)
const migrator = createMysqlPool({ url: mysqlUrl, connectionLimit: 1 })
await migrate(migrator, migrationSets)
await migrator.end()
await waitFor(() => redisAnswers(`redis://127.0.0.1:${redisPort}`), { what: 'the test Redis to answer' })

const processes = [
  { entry: 'core/main.ts', port: corePort },
  { entry: 'gateway/main.ts', port: gatewayPort },
  { entry: 'analytics/main.ts', port: analyticsPort },
]

function environment(host: string) {
  return childEnvironment({
    env: 'development',
    host,
    redisUrl: `redis://127.0.0.1:${redisPort}`,
    mysqlUrl,
    bus: 'redis',
    behaviorStore: 'mysql',
    gatewayPort,
    corePort,
    analyticsPort,
    coreUrl: '',
    userJwtSecret: randomBytes(48).toString('base64url'),
    internalToken: '',
  })
}

async function answers(address: string, port: number): Promise<boolean> {
  try {
    return (await fetch(`http://${address}:${port}/health`, { signal: AbortSignal.timeout(2000) })).ok
  } catch (error) {
    if ((error as { code?: string }).code === 'ConnectionRefused' || (error as { code?: string }).code === 'ECONNREFUSED') return false
    throw error
  }
}

/** Starts the three processes with `host` (empty: the default) and waits until each answers /health on 127.0.0.1. */
async function startAll(host: string) {
  const children = processes.map(({ entry, port }) => {
    const child = Bun.spawn([process.execPath, entry], { cwd: projectRoot, env: environment(host), stdio: ['ignore', 'ignore', 'pipe'] })
    started.push(child)
    const stderr = new Response(child.stderr).text()
    return { entry, port, child, stderr }
  })
  for (const { entry, port, child, stderr } of children)
    await waitFor(
      async () => {
        if (child.exitCode !== null) throw new Error(`${entry} exited with ${child.exitCode}:\n${await stderr}`)
        return answers('127.0.0.1', port).catch(() => false)
      },
      { timeoutMs: 60_000, intervalMs: 100, what: `${entry} to answer /health on 127.0.0.1:${port}` },
    )
  return async () => {
    for (const { child } of children) child.kill('SIGTERM')
    await Promise.all(children.map(({ child }) => child.exited))
  }
}

const cases = [
  { host: '', reachable: false, name: 'in development every process listens on 127.0.0.1 only: another address of the machine is refused' },
  { host: '0.0.0.0', reachable: true, name: 'AXON_HOST=0.0.0.0 (the production default) makes every process answer on other addresses' },
]

for (const { host, reachable, name } of cases)
  test(name, async () => {
    const stop = await startAll(host)
    try {
      for (const { port } of processes) expect({ port, answers: await answers('127.0.0.2', port) }).toEqual({ port, answers: reachable })
    } finally {
      await stop()
    }
  }, 120_000)
