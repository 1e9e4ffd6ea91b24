/**
 * `./axon up` end to end, as a user runs it: a child `./axon up` with its own data folder and its
 * own ports for everything (so it never touches this test run's servers, nor a running `up`),
 * one reservation through the gateway, then Ctrl-C and proof that everything stopped.
 */
import { afterAll, expect, test } from 'bun:test'
import { join } from 'node:path'
import { projectRoot } from '../common/config'
import { portIsFree } from '../infra/local/ports'
import { isAlive, readRecord } from '../infra/local/server-process'
import { startAxonUp } from './support/axon-up'
import { postLogin } from './support/marketer'

let up: Awaited<ReturnType<typeof startAxonUp>> | undefined

afterAll(() => up?.remove())

async function healthy(port: number): Promise<boolean> {
  const response = await fetch(`http://127.0.0.1:${port}/health`)
  return response.status === 200
}

test('./axon up starts everything, takes a reservation, and Ctrl-C stops it all', async () => {
  // ready after the demo traffic it loads through the simulators
  up = await startAxonUp(240_000)
  const { child, env, dataDir, output } = up
  const { redisPort, mysqlPort, gatewayPort, corePort, analyticsPort } = up.ports
  for (const port of [gatewayPort, corePort, analyticsPort]) expect(await healthy(port)).toBe(true)
  const servers = [readRecord(join(dataDir, 'redis')), readRecord(join(dataDir, 'mariadb'))]
  expect(servers.map((s) => s?.port)).toEqual([redisPort, mysqlPort])

  const tokenRun = Bun.spawn(['./axon', 'token', '1'], { cwd: projectRoot, env, stdio: ['ignore', 'pipe', 'pipe'] })
  const token = (await new Response(tokenRun.stdout).text()).trim()
  expect(await tokenRun.exited).toBe(0)
  const reservation = await fetch(`http://127.0.0.1:${gatewayPort}/api/v1/activities/1/reservations`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
  })
  expect({ status: reservation.status, body: await reservation.json() }).toMatchObject({ status: 201, body: { status: 'RESERVED' } })

  // the first admin, printed once, logs in to the marketer's app
  const [, email, password] = /as the first admin[^\n]*\n\s+(\S+)\n\s+(\S+)\n/.exec(output.text) ?? []
  expect(email).toBe('admin@axon.local')
  const login = await postLogin(`http://127.0.0.1:${analyticsPort}`, email!, password!)
  expect([login.status, login.headers.get('location')]).toEqual([303, '/admin/campaigns'])

  child.kill('SIGINT')
  expect(await child.exited).toBe(0)
  for (const port of [redisPort, mysqlPort, gatewayPort, corePort, analyticsPort]) expect(await portIsFree(port)).toBe(true)
  for (const server of servers) expect(isAlive(server!.pid)).toBe(false)
}, 300_000)
