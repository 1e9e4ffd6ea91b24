/**
 * Runs core's command workers in a child process (test/fixtures/command-workers.ts), so a test
 * can crash it the way production crashes happen: SIGKILL, no chance to clean up.
 */
import type { CommandWorkerSettings } from '../../core/workers/protocol'
import { startReadyProcess } from './ready-process'

export type WorkerProcessSettings = Omit<CommandWorkerSettings, 'consumer'> & { size: number }

export const startWorkerProcess = (settings: WorkerProcessSettings, env?: Record<string, string>) =>
  startReadyProcess('test/fixtures/command-workers.ts', settings, env)
