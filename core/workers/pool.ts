/**
 * The command worker pool: `size` Bun Worker threads, each applying commands from the bus with
 * its own MySQL pool and bus connection. A thread that dies unexpectedly (an uncaught error, a
 * failed start) is restarted after a growing pause; its unacknowledged commands are delivered
 * again, to it (same consumer name) or to another consumer once they sit idle long enough.
 */
import { hostname } from 'node:os'
import type { Logger } from '../../common/log'
import type { CommandTally } from '../metrics'
import type { CommandWorkerSettings, FromWorker, ToWorker } from './protocol'

export interface CommandWorkerPoolOptions {
  size: number
  settings: Omit<CommandWorkerSettings, 'consumer'>
  log: Logger
  onTally?: (tally: CommandTally) => void
  /** how long stop() lets a thread finish its batch before terminating it */
  stopTimeoutMs?: number
}

interface Thread {
  worker: Worker
  closed: Promise<void>
}

const workerUrl = new URL('./command.worker.ts', import.meta.url).href
const maxRestartPauseMs = 10_000

export function startCommandWorkers(options: CommandWorkerPoolOptions) {
  const threads: (Thread | undefined)[] = []
  const failuresInRow: number[] = []
  let stopping = false
  let markReady: () => void
  const allReady = new Promise<void>((resolve) => (markReady = resolve))
  const readyOnce = new Set<number>()

  function send(worker: Worker, message: ToWorker) {
    worker.postMessage(message)
  }

  function onMessage(index: number, message: FromWorker) {
    if (message.type === 'tally') options.onTally?.(message.tally)
    else if (message.type === 'failed') options.log.error('command worker could not start', { thread: index, reason: message.message })
    else if (message.type === 'ready') {
      failuresInRow[index] = 0
      readyOnce.add(index)
      if (readyOnce.size === options.size) markReady()
    }
  }

  function onClose(index: number) {
    threads[index] = undefined
    if (stopping) return
    const failures = (failuresInRow[index] = (failuresInRow[index] ?? 0) + 1)
    const pauseMs = Math.min(100 * 2 ** (failures - 1), maxRestartPauseMs)
    options.log.error('command worker thread died; restarting', { thread: index, pauseMs })
    setTimeout(() => !stopping && spawn(index), pauseMs)
  }

  function spawn(index: number) {
    const worker = new Worker(workerUrl)
    const closed = new Promise<void>((resolve) => worker.addEventListener('close', () => resolve()))
    worker.addEventListener('message', (event) => onMessage(index, (event as MessageEvent<FromWorker>).data))
    worker.addEventListener('error', (event) => options.log.error('command worker thread error', { thread: index, error: (event as ErrorEvent).message }))
    void closed.then(() => onClose(index))
    threads[index] = { worker, closed }
    send(worker, { type: 'start', settings: { ...options.settings, consumer: `${hostname()}-${process.pid}-${index}` } })
  }

  for (let i = 0; i < options.size; i++) spawn(i)

  async function stopThread(thread: Thread) {
    send(thread.worker, { type: 'stop' })
    const timeout = Bun.sleep(options.stopTimeoutMs ?? 15_000).then(() => 'timeout' as const)
    if ((await Promise.race([thread.closed, timeout])) === 'timeout') {
      options.log.warn('command worker did not stop in time; terminating it')
      thread.worker.terminate()
      await thread.closed
    }
  }

  return {
    /** resolves once every thread has subscribed at least once */
    ready: () => allReady,
    /** the live threads, for tests that make one die */
    threads: () => threads.filter((t): t is Thread => !!t).map((t) => t.worker),
    /** each thread finishes and acknowledges its batch, then closes its connections */
    async stop() {
      stopping = true
      await Promise.all(threads.filter((t): t is Thread => !!t).map(stopThread))
    },
  }
}

export type CommandWorkerPool = ReturnType<typeof startCommandWorkers>
