/** ENTRY_CONFIRMED commands as confirm.lua writes them, for tests of core's workers. */
import { randomUUID } from 'node:crypto'
import type { EntryConfirmed } from '../../common/schemas/command'
import type { CommandWorkerSettings } from '../../core/workers/protocol'

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
