/**
 * One virtual user: a Worker of its own that imports the k6 script with `k6` and `k6/http`
 * resolved to the shims, exposes __VU, __ITER and __ENV as k6 does, and runs the phase the runner
 * asks for: setup() or teardown() (VU 0) or the default function in a loop (VUs 1…N).
 */
import { plugin } from 'bun'
import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads'
import type { HttpRequestSpec, HttpResponseSpec, ToMain, ToWorker, WorkerData } from './protocol'
import { httpModule } from './shim/http'
import { k6Module } from './shim/k6'

const { scriptPath, vu, env, plan, replyPort, replyFlag } = workerData as WorkerData
const globals = globalThis as unknown as { __VU: number; __ITER: number; __ENV: Record<string, string> }
globals.__VU = vu
globals.__ITER = 0
globals.__ENV = env

const post = (message: ToMain) => parentPort!.postMessage(message)
let initialising = true

/** Blocks this VU until the main thread has performed the requests. */
function send(requests: HttpRequestSpec[]): HttpResponseSpec[] {
  if (initialising) throw new Error('k6 does not allow HTTP requests in the init context (outside setup, default and teardown)')
  Atomics.store(replyFlag, 0, 0)
  post({ type: 'http', requests })
  Atomics.wait(replyFlag, 0, 0)
  const reply = receiveMessageOnPort(replyPort)
  if (!reply) throw new Error('k6-compat: the runner raised the reply flag without a reply')
  return reply.message as HttpResponseSpec[]
}

const k6 = k6Module((name, ok) => post({ type: 'check', name, ok }))
const http = httpModule(send)
plugin({
  name: 'k6-compat',
  setup(build) {
    build.module('k6', () => ({ exports: { ...k6, default: k6 }, loader: 'object' }))
    build.module('k6/http', () => ({ exports: { ...http, default: http }, loader: 'object' }))
  },
})

type Script = { options?: unknown; setup?: () => unknown; teardown?: (data: unknown) => unknown; default?: (data: unknown) => unknown }

const message = (error: unknown) => (error instanceof Error ? (error.stack ?? error.message) : String(error))

/** Runs iterations while the shared budget and the deadline allow; k6 counts __ITER from 0 per VU. */
async function iterate(script: Script, data: unknown, deadline: number) {
  for (let iteration = 0; Date.now() < deadline; iteration++) {
    if (plan.iterations !== null && Atomics.add(plan.claimed, 0, 1) >= plan.iterations) return
    globals.__ITER = iteration
    const started = performance.now()
    try {
      await script.default!(data)
      post({ type: 'iteration', durationMs: performance.now() - started })
    } catch (error) {
      post({ type: 'iteration', durationMs: performance.now() - started, error: message(error) })
    }
  }
}

async function run(script: Script, { phase, data, deadline }: ToWorker): Promise<unknown> {
  if (phase === 'setup') return script.setup?.()
  if (phase === 'teardown') return script.teardown?.(data)
  return iterate(script, data, deadline ?? 0)
}

let script: Script
try {
  script = (await import(scriptPath)) as Script
  initialising = false
  post({
    type: 'loaded',
    // options cross threads as JSON, as k6 reads them: functions and classes do not survive
    options: JSON.parse(JSON.stringify(script.options ?? {})),
    functions: { setup: typeof script.setup === 'function', teardown: typeof script.teardown === 'function', default: typeof script.default === 'function' },
  })
} catch (error) {
  post({ type: 'failed', phase: 'init', message: message(error) })
}

parentPort!.on('message', async (command: ToWorker) => {
  const { phase } = command
  try {
    const result = await run(script, command)
    // setup() data reaches the VUs as JSON, as in k6
    post({ type: 'done', phase, data: result === undefined ? undefined : JSON.parse(JSON.stringify(result)) })
  } catch (error) {
    post({ type: 'failed', phase, message: message(error) })
  }
})
