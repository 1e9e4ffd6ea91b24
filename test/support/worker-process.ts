/**
 * Runs core's command workers in a child process (test/fixtures/command-workers.ts), so a test
 * can crash it the way production crashes happen: SIGKILL, no chance to clean up.
 */
import { projectRoot } from '../../common/config'
import type { CommandWorkerSettings } from '../../core/workers/protocol'

export type WorkerProcessSettings = Omit<CommandWorkerSettings, 'consumer'> & { size: number }

export async function startWorkerProcess(settings: WorkerProcessSettings) {
  const child = Bun.spawn([process.execPath, 'test/fixtures/command-workers.ts', JSON.stringify(settings)], {
    cwd: projectRoot,
    stdout: 'pipe',
    stderr: 'inherit',
  })
  const reader = child.stdout.getReader()
  let seen = ''
  while (!seen.includes('ready')) {
    const { value, done } = await reader.read()
    if (done) throw new Error(`the worker process exited before it was ready (exit ${await child.exited})`)
    seen += new TextDecoder().decode(value)
  }
  reader.releaseLock()
  return child
}
