/**
 * The main thread's handle on one virtual user: starts its Worker, answers its HTTP requests
 * (see protocol.ts for the blocking hand-over), records its checks and iterations, and turns its
 * replies into promises: `loaded` once the script is imported, `run(phase)` per phase.
 */
import { MessageChannel, Worker } from 'node:worker_threads'
import { performAll } from './http-executor'
import type { RunMetrics } from './metrics'
import type { SharedPlan, ToMain, ToWorker, WorkerData } from './protocol'

export interface LoadedScript {
  options: Record<string, unknown>
  functions: { setup: boolean; teardown: boolean; default: boolean }
}

export interface VirtualUser {
  loaded: Promise<LoadedScript>
  run(command: Omit<ToWorker, 'type'>): Promise<unknown>
  terminate(): Promise<void>
}

export interface VuOptions {
  scriptPath: string
  vu: number
  env: Record<string, string>
  plan: SharedPlan
  metrics: RunMetrics
  /** a default-function iteration threw; k6 logs it and carries on */
  onIterationError(vu: number, message: string): void
}

type Pending = { resolve: (value: unknown) => void; reject: (error: Error) => void }

export function startVirtualUser(o: VuOptions): VirtualUser {
  const { port1: replies, port2: replyPort } = new MessageChannel()
  const replyFlag = new Int32Array(new SharedArrayBuffer(4))
  const workerData: WorkerData = { scriptPath: o.scriptPath, vu: o.vu, env: o.env, plan: o.plan, replyPort, replyFlag }
  const worker = new Worker(new URL('./vu-worker.ts', import.meta.url), { workerData, transferList: [replyPort] })
  let pending: Pending | null = null
  const settle = (outcome: { value: unknown } | { error: Error }) => {
    const p = pending
    pending = null
    if (p) 'error' in outcome ? p.reject(outcome.error) : p.resolve(outcome.value)
  }
  const expect = () => new Promise<unknown>((resolve, reject) => (pending = { resolve, reject }))
  const loaded = expect() as Promise<LoadedScript>

  worker.on('message', (message: ToMain) => {
    switch (message.type) {
      case 'http':
        void performAll(message.requests, o.metrics).then((responses) => {
          replies.postMessage(responses)
          Atomics.store(replyFlag, 0, 1)
          Atomics.notify(replyFlag, 0)
        })
        return
      case 'check':
        return o.metrics.check(message.name, message.ok)
      case 'iteration':
        o.metrics.add('iterations', 1)
        o.metrics.add('iteration_duration', message.durationMs)
        if (message.error !== undefined) o.onIterationError(o.vu, message.error)
        return
      case 'loaded':
        return settle({ value: { options: message.options, functions: message.functions } })
      case 'done':
        return settle({ value: message.data })
      case 'failed':
        return settle({ error: new Error(`${message.phase} failed in VU ${o.vu}: ${message.message}`) })
    }
  })
  worker.on('error', (error: unknown) => settle({ error: error instanceof Error ? error : new Error(String(error)) }))
  worker.on('exit', (code) => settle({ error: new Error(`VU ${o.vu} exited with code ${code}`) }))

  return {
    loaded,
    run(command) {
      const done = expect()
      worker.postMessage({ type: 'run', ...command } satisfies ToWorker)
      return done
    },
    async terminate() {
      replies.close()
      await worker.terminate()
    },
  }
}
