import { afterAll, expect, test } from 'bun:test'
import { encodeEntryCommand } from '../../common/codecs/entry-command'
import { createLogger } from '../../common/log'
import { entryConfirmed, isolatedWorkerSettings } from '../../test/support/commands'
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
  const settings = isolatedWorkerSettings()
  const workers = startCommandWorkers({ size: 2, settings, log })
  await workers.ready()
  const [victim, survivor] = workers.threads() as [Worker, Worker]
  victim.terminate()
  await waitFor(() => workers.threads().length === 2 && !workers.threads().includes(victim), { what: 'a replacement thread' })
  expect(workers.threads()).toContain(survivor)

  const commands = freshUserIds(50).map((userId) => ({ value: encodeEntryCommand(entryConfirmed(activity.id, userId, product.id)) }))
  await bus.publish(settings.topic, commands)
  // on Kafka the dead thread keeps its partitions until its session times out (6 s or more)
  await waitFor(async () => (await countEntries(pool, activity.id)) === 50, { timeoutMs: 30_000, what: '50 entries' })

  await workers.stop()
  expect(workers.threads()).toEqual([])
})
