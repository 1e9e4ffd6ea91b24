import { afterAll, expect, test } from 'bun:test'
import { randomUUID } from 'node:crypto'
import { createMysqlPool } from '../../common/clients/mysql'
import type { IncomingMessage } from '../../common/bus/port'
import { encodeEntryCommand } from '../../common/codecs/entry-command'
import { topics } from '../../common/topics'
import { closeTestClients } from '../../test/support/clients'
import { entryConfirmed } from '../../test/support/commands'
import { freshUserIds, testCoreApp } from '../../test/support/core-app'
import { recordingLog } from '../../test/support/recording-log'
import type { CommandTally } from '../metrics'
import { createCommandHandler } from './command-handler'

const { openActivity, pool } = testCoreApp()
afterAll(closeTestClients)
const eventTopic = `test.event.raw.${randomUUID()}`

const message = (value: string, deliveryCount = 1): IncomingMessage => ({
  id: `${Date.now()}-0`,
  topic: topics.campaignActivityCommand,
  value,
  headers: {},
  deliveryCount,
})

test('one outcome per message, in order, with a tally for metrics', async () => {
  const { activity, product } = await openActivity()
  const [a, b] = freshUserIds(2) as [number, number]
  const applied = encodeEntryCommand(entryConfirmed(activity.id, a, product.id))
  const tallies: CommandTally[] = []
  const rechecked: number[][] = []
  const handle = createCommandHandler({
    pool, eventTopic, concurrency: 4, maxDeliveries: 3, log: recordingLog().log, onTally: (t) => tallies.push(t),
    recheckVerdicts: async (userIds) => void rechecked.push(userIds),
  })

  const outcomes = await handle([
    message(applied),
    message('{not json'),
    message(JSON.stringify({ type: 'ENTRY_CONFIRMED', activityId: 1 })),
    message(encodeEntryCommand(entryConfirmed(999_999_999, b, product.id))),
    message(encodeEntryCommand(entryConfirmed(999_999_999, b, product.id)), 3),
  ])
  expect(outcomes).toEqual([
    { kind: 'ok' },
    { kind: 'dlq', reason: 'command is not JSON', step: 'parse' },
    { kind: 'dlq', reason: expect.stringContaining('invalid command'), step: 'parse' },
    { kind: 'retry', reason: 'activity 999999999 is not in MySQL', step: 'apply' },
    { kind: 'retry', reason: 'activity 999999999 is not in MySQL', step: 'apply' },
  ])
  expect(await handle([message(applied, 2)])).toEqual([{ kind: 'drop', reason: 'already applied' }])
  expect(tallies.map(({ applySeconds, ...counts }) => ({ ...counts, timed: applySeconds.length }))).toEqual([
    { applied: 1, duplicate: 0, deadLettered: 3, retried: 1, conflicts: 0, timed: 1 },
    { applied: 0, duplicate: 1, deadLettered: 0, retried: 0, conflicts: 0, timed: 0 },
  ])
  // the shopper credited, once applied and again as a duplicate (its first re-check may have failed)
  expect(rechecked).toEqual([[a], [a]])
})

test('a failed eligibility re-check fails the batch, so it is retried before it is acknowledged', async () => {
  const { activity, product } = await openActivity()
  const [userId] = freshUserIds(1) as [number]
  const handle = createCommandHandler({
    pool, eventTopic, concurrency: 2, maxDeliveries: 3, log: recordingLog().log,
    recheckVerdicts: () => Promise.reject(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })),
  })
  const batch = [message(encodeEntryCommand(entryConfirmed(activity.id, userId, product.id)))]
  await expect(handle(batch)).rejects.toMatchObject({ code: 'ECONNREFUSED' })
})

test('a database that is down fails the whole batch, so the bus retries it in place', async () => {
  const { activity, product } = await openActivity()
  const down = createMysqlPool({ url: 'mysql://root@127.0.0.1:1/axon', connectionLimit: 1 })
  const handle = createCommandHandler({ pool: down, eventTopic, concurrency: 2, maxDeliveries: 3, log: recordingLog().log, recheckVerdicts: async () => {} })
  const [userId] = freshUserIds(1) as [number]
  const batch = [message(encodeEntryCommand(entryConfirmed(activity.id, userId, product.id))), message('{not json')]
  await expect(handle(batch)).rejects.toMatchObject({ code: 'ECONNREFUSED' })
  await down.end()
})

test('a second paid entry for the same shopper is dead-lettered loudly: an error log naming its ids, and a conflict count', async () => {
  const { activity, product } = await openActivity()
  const [userId] = freshUserIds(1) as [number]
  const first = entryConfirmed(activity.id, userId, product.id)
  const second = entryConfirmed(activity.id, userId, product.id)
  const tallies: CommandTally[] = []
  const { log, problems } = recordingLog()
  const handle = createCommandHandler({ pool, eventTopic, concurrency: 1, maxDeliveries: 3, log, onTally: (t) => tallies.push(t), recheckVerdicts: async () => {} })

  expect(await handle([message(encodeEntryCommand(first))])).toEqual([{ kind: 'ok' }])
  expect(await handle([message(encodeEntryCommand(second))])).toEqual([
    { kind: 'dlq', reason: `shopper ${userId} already has an entry in activity ${activity.id}`, step: 'apply' },
  ])
  expect(tallies[1]).toMatchObject({ deadLettered: 1, conflicts: 1 })
  expect(problems()).toEqual([
    {
      level: 'error',
      msg: expect.stringContaining('conflicts with one already recorded'),
      fields: expect.objectContaining({
        commandId: second.commandId,
        activityId: activity.id,
        userId,
        orderId: second.orderId,
        reservationToken: second.reservationToken,
      }),
    },
  ])
})
