/** ENTRY_CONFIRMED commands as confirm-10.lua writes them, and core's workers, for tests of the command path. */
import { randomUUID } from 'node:crypto'
import type { Redis } from 'ioredis'
import { decodeEntryCommand, type EntryConfirmed } from '../../common/codecs/entry-command'
import { decodeReservationLife } from '../../common/codecs/reservation-life'
import { createLogger } from '../../common/log'
import { startCommandWorkers } from '../../core/workers/pool'
import type { CommandWorkerSettings } from '../../core/workers/protocol'
import { groupCaughtUp } from './stream-backlog'
import { waitFor } from './wait'

export function entryConfirmed(activityId: number, userId: number, productId: number, fields: Partial<EntryConfirmed> = {}): EntryConfirmed {
  const id = randomUUID()
  return {
    commandId: `cmd-${id}`,
    type: 'ENTRY_CONFIRMED',
    activityId,
    userId,
    reservationToken: `${activityId}.${id}`,
    orderId: `ord-${id}`,
    productId,
    amount: 80,
    confirmedAt: new Date().toISOString(),
    ...fields,
  }
}

/**
 * Worker settings on a command topic, consumer group and event topic of the test's own: parallel
 * test files never share commands, and on Kafka a group rebalances every topic its members read,
 * so a shared group would make one test's dead consumer stall another's.
 */
export function isolatedWorkerSettings(overrides: Partial<Omit<CommandWorkerSettings, 'consumer'>> = {}): Omit<CommandWorkerSettings, 'consumer'> {
  const id = randomUUID()
  return {
    topic: `test.command.${id}`,
    group: `test-core-workers-${id}`,
    eventTopic: `test.event.raw.${id}`,
    batchSize: 10,
    maxDeliveries: 5,
    reclaimIdleMs: 500,
    concurrency: 2,
    ...overrides,
  }
}

/**
 * One command worker thread on a command topic of its own (the Redis bus): a gateway started with
 * `commandOutbox: workers.topic` has its payments applied; `applied()` waits until every command
 * on the topic so far is acknowledged.
 */
export function startTestCommandWorkers(redis: Redis) {
  const settings = isolatedWorkerSettings({ batchSize: 50, concurrency: 4 })
  const workers = startCommandWorkers({ size: 1, settings, log: createLogger({}, 'error') })
  return {
    topic: settings.topic,
    ready: () => workers.ready(),
    applied: () => waitFor(() => groupCaughtUp(redis, settings.topic, settings.group), { what: "core's worker to apply the commands" }),
    stop: () => workers.stop(),
  }
}

/**
 * The ENTRY_CONFIRMED commands on a command stream, in order, with their keys; the reservation
 * life events beside them are left out. Throws on an entry that is neither.
 */
export async function entryCommandsOn(redis: Redis, stream: string): Promise<Array<{ key: string; command: EntryConfirmed }>> {
  const commands: Array<{ key: string; command: EntryConfirmed }> = []
  for (const [, fields] of await redis.xrange(stream, '-', '+')) {
    const value = fields[fields.indexOf('value') + 1]!
    if (decodeReservationLife(value)?.ok) continue
    const parsed = decodeEntryCommand(value)
    if (!parsed.ok) throw new Error(parsed.reason)
    commands.push({ key: fields[fields.indexOf('key') + 1]!, command: parsed.command })
  }
  return commands
}
