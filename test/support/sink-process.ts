/**
 * Runs the behaviour sink in a child process (test/fixtures/behavior-sink.ts), so a test can kill
 * it the way production kills one: SIGKILL, no acknowledgement, no rollback from our side.
 */
import type { BusSettings } from '../../common/bus'
import { startReadyProcess } from './ready-process'

export interface SinkProcessSettings {
  settings: BusSettings
  topic: string
  consumer: string
  consumers: number
  batchSize: number
  reclaimIdleMs: number
}

export const startSinkProcess = (settings: SinkProcessSettings) => startReadyProcess('test/fixtures/behavior-sink.ts', settings)
