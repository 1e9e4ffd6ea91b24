/**
 * Runs a job now and then every `intervalMs` after the previous run ended, so a slow run never
 * overlaps the next one. Failures are logged and the schedule goes on. With `runs`, each run is
 * recorded (job-runs.ts) with the rows it reports: `rows(result)`, by default the result when it
 * is a number, or its `rows` field.
 */
import type { Logger } from '../../common/log'
import type { JobRuns } from './job-runs'

export interface EveryOptions<T> {
  runs?: JobRuns
  rows?: (result: T) => number
}

function defaultRows(result: unknown): number {
  if (typeof result === 'number') return result
  const rows = (result as { rows?: unknown } | null)?.rows
  return typeof rows === 'number' ? rows : 0
}

export function every<T>(intervalMs: number, name: string, log: Logger, run: () => Promise<T>, options: EveryOptions<T> = {}) {
  let timer: ReturnType<typeof setTimeout> | undefined
  let current: Promise<void> = Promise.resolve()
  let stopped = false
  const { runs, rows = defaultRows } = options
  runs?.schedule(name, intervalMs)

  async function recorded() {
    const id = await runs?.started(name, new Date())
    const finish = (count: number, error: string | null) =>
      id === undefined ? undefined : runs!.finished(name, id, { finishedAt: new Date(), rows: count, error })
    try {
      const result = await run()
      await finish(rows(result), null)
      return result
    } catch (error) {
      await finish(0, error instanceof Error ? error.message : String(error))
      throw error
    }
  }

  const tick = () => {
    current = recorded()
      .then((result) => log.debug('job done', { job: name, result }))
      .catch((error) => log.error('job failed', { job: name, error }))
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, intervalMs)
      })
  }
  tick()

  return {
    /** cancels the next run and waits for the one in progress */
    async stop() {
      stopped = true
      clearTimeout(timer)
      await current
    },
  }
}
