/**
 * Acceptance: a core process killed in the middle of applying commands loses none and doubles
 * none. The crash is a SIGKILL of a process running the real worker pool: the way production dies
 * (OOM killer, kill -9, a lost container), with no chance to roll back, acknowledge or close.
 * The operating system closes its sockets, so MariaDB rolls back the transactions it had open
 * and releases their locks, and its delivered-but-unacknowledged commands stay pending on the bus
 * until a fresh worker reclaims them.
 *
 * The dead worker connects as a MySQL user of its own, so the test can tell its sessions from
 * everyone else's: MariaDB ends a session only once it has rolled back the session's transaction.
 * (Counting every transaction of the database that began before the kill — what this test used
 * to wait for — also counted other test files' sessions, and, trx_started being whole seconds,
 * transactions begun up to a second after the kill: in the full suite it could time out.)
 */
import { afterAll, expect, test } from 'bun:test'
import { encodeEntryCommand } from '../common/codecs/entry-command'
import type { RowDataPacket } from '../common/clients/mysql'
import { childEnvironment } from '../common/config/child-env'
import { countEntries } from '../core/repositories/entries'
import { countActivityPurchases } from '../core/repositories/purchases'
import { entryConfirmed, isolatedWorkerSettings } from './support/commands'
import { closeCoreTestClients, freshUserIds, testBus, testCoreApp } from './support/core-app'
import { mysqlUserOfItsOwn } from './support/mysql-user'
import { waitFor } from './support/wait'
import { startWorkerProcess, type WorkerProcessSettings } from './support/worker-process'

const { openActivity, pool } = testCoreApp()
const bus = testBus()
// a failed test must not leave a worker process running behind it
const workerProcesses: Bun.Subprocess[] = []
const users: { drop: () => Promise<unknown> }[] = []
afterAll(async () => {
  for (const child of workerProcesses) child.kill('SIGKILL')
  for (const user of users) await user.drop()
  await closeCoreTestClients()
})

const entries = (activityId: number) => countEntries(pool, activityId)

/** Sessions of `user` MariaDB still has: a dead client's session stays until its transaction is rolled back. */
async function sessionsOf(user: string): Promise<number> {
  const [rows] = await pool.query<RowDataPacket[]>('SELECT COUNT(*) AS n FROM information_schema.PROCESSLIST WHERE USER = ?', [user])
  return Number(rows[0]!.n)
}

test('a worker killed mid-batch loses nothing: 2,000 commands become exactly 2,000 entries and purchases', async () => {
  const total = 2000
  const { activity, product } = await openActivity({ limit: total })
  const commands = freshUserIds(total).map((userId) => entryConfirmed(activity.id, userId, product.id))
  const settings: WorkerProcessSettings = { size: 1, ...isolatedWorkerSettings({ batchSize: 100, reclaimIdleMs: 60_000, concurrency: 4 }) }

  const doomed = await mysqlUserOfItsOwn(pool, 'axon_doomed_worker')
  users.push(doomed)
  const first = await startWorkerProcess(settings, childEnvironment({ mysqlUrl: doomed.url }))
  workerProcesses.push(first)
  // one command is delivered twice, as a redelivery after a lost acknowledgement would
  const messages = [...commands, commands[0]!].map((c) => ({ key: String(c.userId), value: encodeEntryCommand(c) }))
  for (let i = 0; i < messages.length; i += 500) await bus.publish(settings.topic, messages.slice(i, i + 500))

  // batches of 100: at 250 entries the third batch is half applied and not yet acknowledged
  await waitFor(async () => (await entries(activity.id)) >= 250, { intervalMs: 5, what: 'the first worker to be mid-batch' })
  first.kill('SIGKILL')
  await first.exited
  const writtenBeforeCrash = await entries(activity.id)
  expect(writtenBeforeCrash).toBeLessThan(total)
  await waitFor(async () => (await sessionsOf(doomed.user)) === 0, { what: "MariaDB to roll back the dead worker's transactions and end its sessions" })

  const second = await startWorkerProcess({ ...settings, reclaimIdleMs: 500 })
  workerProcesses.push(second)
  await waitFor(async () => (await entries(activity.id)) === total, { timeoutMs: 60_000, what: `${total} entries` })
  second.kill('SIGTERM')
  expect(await second.exited).toBe(0)

  expect(await entries(activity.id)).toBe(total)
  expect(await countActivityPurchases(pool, activity.id)).toBe(total)
  const [distinct] = await pool.query<RowDataPacket[]>(
    `SELECT COUNT(DISTINCT e.user_id) AS users, COUNT(DISTINCT e.command_id) AS commands, COUNT(DISTINCT p.order_id) AS orders
       FROM campaign_activity_entries e JOIN purchases p ON p.order_id = e.order_id WHERE e.campaign_activity_id = ?`,
    [activity.id],
  )
  expect(distinct[0]).toEqual({ users: total, commands: total, orders: total } as never)
  const [outbox] = await pool.query<RowDataPacket[]>('SELECT COUNT(*) AS n FROM outbox WHERE topic = ?', [settings.eventTopic])
  expect(Number(outbox[0]!.n)).toBe(total)
}, 120_000)
