/** What the bus contract's cases share: the target under test, and a recording consumer on it. */
import { randomUUID } from 'node:crypto'
import type { BusSettings } from '../../common/bus/index'
import type { Bus } from '../../common/bus/port'
import { recordingSubscription } from '../support/recording-subscription'

export interface ContractTarget {
  settings: BusSettings
  /** reclaimIdleMs for the tests: short, so a dead consumer's messages move on quickly */
  reclaimIdleMs: number
  /** after how long an unacknowledged message is handed out again (Redis: reclaimIdleMs; Kafka: at the next join) */
  redeliveryAfterMs: number
}

export interface Context {
  target: ContractTarget
  bus: Bus
}

export type ContractTest = { name: string; run: (context: Context) => Promise<void> }

export const blockMs = 100

/** A recording subscription with the target's reclaim timing. */
export const consume = ({ bus, target }: Context, options: Parameters<typeof recordingSubscription>[1]) =>
  recordingSubscription(bus, { blockMs, reclaimIdleMs: target.reclaimIdleMs, ...options })

export const names = () => ({ topic: `test.bus.${randomUUID()}`, group: `test-group-${randomUUID()}` })
