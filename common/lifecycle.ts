/**
 * Graceful shutdown for a process: closers run in reverse order of registration on SIGINT/SIGTERM
 * (servers stop accepting first, connections close last), then the process exits 0.
 */
import type { Logger } from './log'

type Closer = { name: string; close: () => unknown }

export function shutdownOnSignals(log: Logger, graceMs = 10_000) {
  const closers: Closer[] = []
  let stopping = false
  const stop = async (signal: string) => {
    if (stopping) return
    stopping = true
    log.info('stopping', { signal })
    const timer = setTimeout(() => {
      log.error('shutdown took too long; exiting', { graceMs })
      process.exit(1)
    }, graceMs)
    for (const closer of closers.reverse()) {
      try {
        await closer.close()
      } catch (error) {
        log.warn('error while stopping', { part: closer.name, error })
      }
    }
    clearTimeout(timer)
    log.info('stopped')
    process.exit(0)
  }
  process.on('SIGINT', () => void stop('SIGINT'))
  process.on('SIGTERM', () => void stop('SIGTERM'))
  return {
    /** registers something to close on shutdown; later registrations close first */
    add(name: string, close: () => unknown) {
      closers.push({ name, close })
    },
  }
}
