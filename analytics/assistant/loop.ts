/**
 * The tool loop: send the turns to the model, stream its text, run the tools it asks for through
 * `AssistantTools` (nothing else: an unknown name is an error outcome fed back to it), and repeat
 * until it answers without asking or the round limit ends it with a notice. A model turn that does
 * not finish in time throws `ModelUnavailable('timeout')`; the service then lets the analyst answer.
 */
import type { AssistantMetrics } from './metrics'
import { ModelUnavailable, type AssistantEvent, type AssistantModel, type AssistantTools, type ModelChunk, type ToolCall, type Turn } from './port'

export interface LoopLimits {
  maxRounds: number
  maxOutputTokens: number
  modelTimeoutMs: number
}

export interface LoopInput {
  model: AssistantModel
  tools: AssistantTools
  system: string
  /** the history and the new question, oldest first */
  turns: readonly Turn[]
  limits: LoopLimits
  metrics: AssistantMetrics
  signal: AbortSignal
}

/** Tool calls one model turn may ask for; more come back as errors (a turn asking for dozens is a loop gone wrong). */
export const maxCallsPerRound = 8

/** The events of the answer, ending with `done` (or nothing when the question was abandoned). */
export async function* toolLoop(input: LoopInput): AsyncGenerator<AssistantEvent> {
  const turns = [...input.turns]
  let toolCalls = 0
  for (let round = 1; round <= input.limits.maxRounds; round++) {
    // a marketer who left costs no further model turn
    if (input.signal.aborted) return
    const reply: { text: string; calls: ToolCall[] } = { text: '', calls: [] }
    for await (const chunk of modelTurn(input, turns)) {
      if (chunk.type === 'text') {
        reply.text += chunk.text
        yield { type: 'text', text: chunk.text }
      } else if (chunk.type === 'toolCall') reply.calls.push(chunk.call)
    }
    if (input.signal.aborted) return
    turns.push({ role: 'model', text: reply.text, toolCalls: reply.calls })
    if (reply.calls.length === 0) {
      yield { type: 'done', rounds: round, toolCalls }
      return
    }
    if (round === input.limits.maxRounds) break
    const results: Extract<Turn, { role: 'tool' }>['results'] = []
    for (const [i, call] of reply.calls.entries()) {
      if (input.signal.aborted) return
      const outcome =
        i < maxCallsPerRound
          ? await input.tools.call(call.name, call.args ?? {}, input.signal)
          : ({ ok: false, error: { code: 'TOO_MANY_CALLS', message: `at most ${maxCallsPerRound} tool calls per turn; ask for the rest after these` } } as const)
      toolCalls++
      input.metrics.toolCalls.inc({ tool: known(input.tools, call.name), result: outcome.ok ? 'ok' : 'error' })
      yield { type: 'tool', id: call.id, tool: call.name, label: input.tools.label(call.name, call.args ?? {}), args: call.args ?? {}, outcome }
      results.push({ id: call.id, name: call.name, ...outcome })
    }
    turns.push({ role: 'tool', results })
  }
  yield {
    type: 'notice',
    code: 'ROUND_LIMIT',
    message: `Stopped after ${input.limits.maxRounds} rounds of looking up numbers without a final answer. Ask a narrower question, e.g. about one activity and one period.`,
  }
  yield { type: 'done', rounds: input.limits.maxRounds, toolCalls }
}

/** A metric label from a tool name the model made up would grow without bound: those count as "unknown". */
const known = (tools: AssistantTools, name: string) => (tools.declarations.some((d) => d.name === name) ? name : 'unknown')

/** One model turn's chunks, within the timeout; its failures counted and thrown as `ModelUnavailable`. */
async function* modelTurn(input: LoopInput, turns: readonly Turn[]): AsyncGenerator<ModelChunk> {
  const timeout = AbortSignal.timeout(input.limits.modelTimeoutMs)
  const signal = AbortSignal.any([input.signal, timeout])
  const started = performance.now()
  try {
    const request = { system: input.system, turns, tools: input.tools.declarations, maxOutputTokens: input.limits.maxOutputTokens, signal }
    const chunks = input.model.generate(request)[Symbol.asyncIterator]()
    while (true) {
      const next = await untilAborted(chunks.next(), signal)
      if (next.done) break
      yield next.value
    }
    input.metrics.modelSeconds.observe((performance.now() - started) / 1000)
  } catch (error) {
    if (input.signal.aborted) return
    const failure = timeout.aborted
      ? new ModelUnavailable('timeout', `the model did not answer within ${input.limits.modelTimeoutMs / 1000} s`)
      : error instanceof ModelUnavailable
        ? error
        : new ModelUnavailable('unreachable', `the model failed: ${error instanceof Error ? error.message : String(error)}`)
    input.metrics.modelErrors.inc({ reason: failure.reason })
    throw failure
  }
}

/** `promise`, or a rejection as soon as `signal` aborts (a model that ignores its signal cannot hold the answer). */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason)
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason)
    signal.addEventListener('abort', onAbort, { once: true })
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort))
  })
}
