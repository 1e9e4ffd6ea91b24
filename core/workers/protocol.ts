/** Messages between the worker pool (main thread) and a command worker thread. */
import type { CommandTally } from '../metrics'

/** What a thread needs to consume commands; everything else it reads from config. */
export interface CommandWorkerSettings {
  topic: string
  group: string
  /** unique per thread: host-pid-thread, so the bus can tell whose deliveries are pending */
  consumer: string
  eventTopic: string
  batchSize: number
  maxDeliveries: number
  reclaimIdleMs: number
  /** most commands of a batch applied at once (and the thread's MySQL pool size) */
  concurrency: number
}

export type ToWorker = { type: 'start'; settings: CommandWorkerSettings } | { type: 'stop' }

export type FromWorker =
  | { type: 'ready' }
  | { type: 'tally'; tally: CommandTally }
  | { type: 'failed'; message: string }
