import { afterAll, expect, test } from 'bun:test'
import { randomUUID } from 'node:crypto'
import { createLogger } from '../../common/log'
import { groups } from '../../common/topics'
import { entryConfirmed } from '../../test/support/commands'
import { closeCoreTestClients, freshUserIds, testBus, testCoreApp } from '../../test/support/core-app'
import { waitFor } from '../../test/support/wait'
import { countEntries } from '../repositories/entries'
import { startCommandWorkers } from './pool'

const { openActivity, pool } = testCoreApp()
const log = createLogger({}, 'error')
const bus = testBus()
afterAll(closeCoreTestClients)

test('a thread that dies is replaced, the pool keeps applying, and stop closes every thread', async () => {
  const { activity, product } = await openActivity({ limit: 50 })
  const topic = `test.command.${randomUUID()}`
  const workers = startCommandWorkers({
    size: 2,
    settings: { topic, group: groups.coreCommandWorkers, eventTopic: `test.event.raw.${randomUUID()}`, batchSize: 10, maxDeliveries: 5, reclaimIdleMs: 500, concurrency: 2 },
    log,
  })
  await workers.ready()
  const [victim, survivor] = workers.threads() as [Worker, Worker]
  victim.terminate()
  await waitFor(() => workers.threads().length === 2 && !workers.threads().includes(victim), { what: 'a replacement thread' })
  expect(workers.threads()).toContain(survivor)

  const commands = freshUserIds(50).map((userId) => ({ value: JSON.stringify(entryConfirmed(activity.id, userId, product.id)) }))
  await bus.publish(topic, commands)
  await waitFor(async () => (await countEntries(pool, activity.id)) === 50, { what: '50 entries' })

  await workers.stop()
  expect(workers.threads()).toEqual([])
})
