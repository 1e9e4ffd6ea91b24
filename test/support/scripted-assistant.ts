/**
 * An Assistant (analytics/assistant/port.ts) that answers with the events a test scripts, for the
 * page and route tests before, and besides, the real service: it records every question it is
 * asked (with the account and what was open), and can pause between events so a stream is seen
 * arriving in pieces.
 */
import type { Assistant, AskInput, AssistantEvent } from '../../analytics/assistant/port'

export interface ScriptedAssistant extends Assistant {
  readonly asked: AskInput[]
}

export function scriptedAssistant(script: (input: AskInput) => AssistantEvent[], pauseMs = 0): ScriptedAssistant {
  const asked: AskInput[] = []
  return {
    asked,
    async *ask(input, signal) {
      asked.push(input)
      for (const event of script(input)) {
        if (signal.aborted) return
        if (pauseMs > 0) await Bun.sleep(pauseMs)
        yield event
      }
    },
  }
}
