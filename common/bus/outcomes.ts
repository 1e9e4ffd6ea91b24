/**
 * What both adapters do with a batch's outcomes: sort them into acknowledged, dead-lettered and
 * to-be-retried, and build the dead letter's headers. The adapters differ only in how they
 * acknowledge (XACK / offset commit) and how a retry comes back (reclaim / in-process).
 */
import { dlqHeaders, type IncomingMessage, type Outcome } from './port'

export interface DeadLetter {
  message: IncomingMessage
  reason: string
  step: string
  /** times the message was handed to a handler */
  deliveries: number
}

export interface SortedOutcomes {
  /** ok and drop: acknowledge */
  done: IncomingMessage[]
  deadLetters: DeadLetter[]
  /** retry below maxDeliveries: hand out again later */
  retries: IncomingMessage[]
}

/** Step name for dead letters the bus itself decides (malformed entries, consumers that died). */
export const busStep = 'bus'

export function sortOutcomes(messages: readonly IncomingMessage[], outcomes: readonly Outcome[], maxDeliveries: number): SortedOutcomes {
  const sorted: SortedOutcomes = { done: [], deadLetters: [], retries: [] }
  // A handler that answers for the wrong number of messages has a bug; retrying (and in the end
  // dead-lettering) keeps every message accounted for instead of guessing which outcome is whose.
  const miscounted: Outcome | undefined =
    outcomes.length === messages.length
      ? undefined
      : { kind: 'retry', reason: `handler returned ${outcomes.length} outcomes for ${messages.length} messages`, step: busStep }
  messages.forEach((message, i) => {
    const outcome = miscounted ?? outcomes[i]!
    const deliveries = message.deliveryCount
    if (outcome.kind === 'ok' || outcome.kind === 'drop') sorted.done.push(message)
    else if (outcome.kind === 'dlq' || deliveries >= maxDeliveries)
      sorted.deadLetters.push({ message, reason: outcome.reason, step: outcome.step ?? 'handler', deliveries })
    else sorted.retries.push(message)
  })
  return sorted
}

/** The original headers plus why, where, when and after how many deliveries it was given up. */
export function deadLetterHeaders(letter: DeadLetter, now = new Date()): Record<string, string> {
  return {
    ...letter.message.headers,
    [dlqHeaders.reason]: letter.reason,
    [dlqHeaders.step]: letter.step,
    [dlqHeaders.time]: now.toISOString(),
    [dlqHeaders.deliveries]: String(letter.deliveries),
    [dlqHeaders.sourceTopic]: letter.message.topic,
    [dlqHeaders.sourceId]: letter.message.id,
  }
}
