/**
 * Messages between the runner (main thread) and its virtual users (one Worker each, so every VU
 * has its own global scope and module state, as in k6). k6's HTTP API is synchronous, Bun's fetch
 * is not: a VU posts its request and blocks on a shared flag (Atomics.wait) until the main thread,
 * which does the fetch, posts the response on the VU's reply port and raises the flag; the VU then
 * reads it with receiveMessageOnPort. A VU blocking never blocks the others or the main thread.
 */
import type { MessagePort } from 'node:worker_threads'

/** The statuses a request expects (k6's `http.expectedStatuses`); others count as http_req_failed. */
export type StatusRange = { min: number; max: number }

export interface HttpRequestSpec {
  method: string
  url: string
  body: string | null
  headers: Record<string, string>
  timeoutMs: number
  expected: StatusRange[]
  /** 'none' drops the body (k6's responseType: 'none') */
  responseType: 'text' | 'none'
}

export interface HttpResponseSpec {
  status: number
  body: string | null
  headers: Record<string, string>
  url: string
  /** milliseconds from sending to the last byte of the body; to the first byte for `waiting` */
  durationMs: number
  waitingMs: number
  /** empty unless the request failed before a response (k6 then answers status 0) */
  error: string
  errorCode: number
}

/** What a VU is asked to run: k6's setup() and teardown() run in VU 0, the default function in VUs 1…N. */
export type Phase = 'setup' | 'vu' | 'teardown'

export type ToMain =
  | { type: 'loaded'; options: unknown; functions: { setup: boolean; teardown: boolean; default: boolean } }
  | { type: 'http'; requests: HttpRequestSpec[] }
  | { type: 'check'; name: string; ok: boolean }
  | { type: 'iteration'; durationMs: number; error?: string }
  | { type: 'done'; phase: Phase; data?: unknown }
  | { type: 'failed'; phase: Phase | 'init'; message: string }

export interface ToWorker {
  type: 'run'
  phase: Phase
  /** what setup() returned, for the default function and teardown() */
  data?: unknown
  /** phase 'vu': epoch ms after which no VU starts another iteration (set once every VU is loaded) */
  deadline?: number
}

/** How VUs 1…N share an iteration budget (k6's shared-iterations). */
export interface SharedPlan {
  /** Int32Array over a SharedArrayBuffer: [0] counts iterations claimed so far */
  claimed: Int32Array
  /** null: no budget, only the deadline (k6's constant-vus) */
  iterations: number | null
}

export interface WorkerData {
  scriptPath: string
  vu: number
  env: Record<string, string>
  plan: SharedPlan
  /** the VU reads replies here, synchronously */
  replyPort: MessagePort
  /** Int32Array over a SharedArrayBuffer: [0] is 1 once a reply waits on replyPort */
  replyFlag: Int32Array
}
