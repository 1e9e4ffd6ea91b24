/**
 * Runs a job now and then every `intervalMs` after the previous run ended, so a slow run never
 * overlaps the next one. Failures are logged and the schedule goes on.
 */
import type { Logger } from '../../common/log'

export function every(intervalMs: number, name: string, log: Logger, run: () => Promise<unknown>) {
  let timer: ReturnType<typeof setTimeout> | undefined
  let current: Promise<void> = Promise.resolve()
  let stopped = false

  const tick = () => {
    current = run()
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
