/**
 * A scripted double of the `AssistantModel` port (the real Gemini API is unreachable in tests):
 * each model turn plays the next step of a script — text pieces and tool calls, or a failure —
 * and a step may be a function of the request, so an answer can be written from the tool results
 * the loop fed back. Every request is kept for the test to read what the model was sent.
 */
import { ModelUnavailable, type AssistantModel, type ModelChunk, type ModelFailure, type ModelRequest, type Turn } from '../../analytics/assistant/port'

export interface ScriptedTurn {
  /** pieces of text, streamed one chunk each */
  text?: string[]
  calls?: { name: string; args: Record<string, unknown> }[]
  /** fail this turn as the adapter would (before any chunk) */
  fail?: ModelFailure
  /** never answer (a model that hangs): the loop's timeout must end it */
  hang?: boolean
}

export type ScriptStep = ScriptedTurn | ((request: ModelRequest) => ScriptedTurn)

export interface ScriptedModel extends AssistantModel {
  requests: ModelRequest[]
}

/** The tool results the loop fed back in `request`'s last turn, by tool name. */
export function lastResults(request: ModelRequest): Record<string, Extract<Turn, { role: 'tool' }>['results'][number]> {
  const last = request.turns.at(-1)
  if (last?.role !== 'tool') return {}
  return Object.fromEntries(last.results.map((r) => [r.name, r]))
}

/** A model that plays `script` turn by turn; past its end, `repeat` (default: a plain "no more script" answer). */
export function scriptedModel(script: readonly ScriptStep[], repeat?: ScriptStep): ScriptedModel {
  const requests: ModelRequest[] = []
  let callNumber = 0
  return {
    name: 'scripted-model',
    requests,
    async *generate(request): AsyncIterable<ModelChunk> {
      requests.push({ ...request, turns: structuredClone([...request.turns]) })
      const step = script[requests.length - 1] ?? repeat ?? { text: ['(no more script)'] }
      const turn = typeof step === 'function' ? step(request) : step
      if (turn.fail) throw new ModelUnavailable(turn.fail, `scripted ${turn.fail}`)
      if (turn.hang) {
        await new Promise((resolve) => setTimeout(resolve, 600_000).unref())
        return
      }
      for (const text of turn.text ?? []) yield { type: 'text', text }
      for (const call of turn.calls ?? []) yield { type: 'toolCall', call: { id: `call-${++callNumber}`, ...call } }
      yield { type: 'usage', inputTokens: 100, outputTokens: 20 }
    },
  }
}
