/**
 * Acceptance: a core process killed in the middle of applying commands loses none and doubles
 * none. The crash is a SIGKILL of a process running the real worker pool: the way production dies
 * (OOM killer, kill -9, a lost container), with no chance to roll back, acknowledge or close.
 * The operating system closes its sockets, so MariaDB rolls back the transactions it had open
 * and releases their locks, and its delivered-but-unacknowledged commands stay pending on the bus
 * until a fresh worker reclaims them.
 */
import { afterAll, expect, test } from 'bun:test'
import { encodeEntryCommand } from '../common/codecs/entry-command'
import type { RowDataPacket } from '../common/clients/mysql'
import { countEntries } from '../core/repositories/entries'
import { countActivityPurchases } from '../core/repositories/purchases'
import { entryConfirmed, isolatedWorkerSettings } from './support/commands'
import { closeCoreTestClients, freshUserIds, testBus, testCoreApp } from './support/core-app'
import { waitFor } from './support/wait'
import { startWorkerProcess, type WorkerProcessSettings } from './support/worker-process'

const { openActivity, pool } = testCoreApp()
const bus = testBus()
// a failed test must not leave a worker process running behind it
const workerProcesses: Bun.Subprocess[] = []
afterAll(async () => {
  for (const child of workerProcesses) child.kill('SIGKILL')
  await closeCoreTestClients()
})

const entries = (activityId: number) => countEntries(pool, activityId)

/** Transactions on this database (or of connections already gone) that began before `moment`. */
async function transactionsStartedBefore(moment: Date): Promise<number> {
  const [rows] = await pool.query<RowDataPacket[]>(
    `SELECT COUNT(*) AS n FROM information_schema.INNODB_TRX t
       LEFT JOIN information_schema.PROCESSLIST p ON p.ID = t.trx_mysql_thread_id
      WHERE t.trx_started < ? AND (p.DB IS NULL OR p.DB = DATABASE())`,
    [moment],
  )
  return Number(rows[0]!.n)
}

test('a worker killed mid-batch loses nothing: 2,000 commands become exactly 2,000 entries and purchases', async () => {
  const total = 2000
  const { activity, product } = await openActivity({ limit: total })
  const commands = freshUserIds(total).map((userId) => entryConfirmed(activity.id, userId, product.id))
  const settings: WorkerProcessSettings = { size: 1, ...isolatedWorkerSettings({ batchSize: 100, reclaimIdleMs: 60_000, concurrency: 4 }) }

  const first = await startWorkerProcess(settings)
  workerProcesses.push(first)
  // one command is delivered twice, as a redelivery after a lost acknowledgement would
  const messages = [...commands, commands[0]!].map((c) => ({ key: String(c.userId), value: encodeEntryCommand(c) }))
  for (let i = 0; i < messages.length; i += 500) await bus.publish(settings.topic, messages.slice(i, i + 500))

  // batches of 100: at 250 entries the third batch is half applied and not yet acknowledged
  await waitFor(async () => (await entries(activity.id)) >= 250, { intervalMs: 5, what: 'the first worker to be mid-batch' })
  first.kill('SIGKILL')
  await first.exited
  const killedAt = new Date()
  const writtenBeforeCrash = await entries(activity.id)
  expect(writtenBeforeCrash).toBeLessThan(total)
  await waitFor(async () => (await transactionsStartedBefore(killedAt)) === 0, { what: "MariaDB to roll back the dead worker's transactions" })

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
