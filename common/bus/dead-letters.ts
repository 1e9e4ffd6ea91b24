/**
 * Reading a dead letter back (the inverse of outcomes.ts's deadLetterHeaders): what the bus added
 * to it (why, where, when, after how many deliveries) apart from the message it was, which a
 * replay publishes again exactly as it first came.
 */
import { dlqHeaders, type IncomingMessage, type OutgoingMessage, type StoredDeadLetter } from './port'

const added = new Set<string>(Object.values(dlqHeaders))

export function readDeadLetter(topic: string, message: IncomingMessage): StoredDeadLetter {
  const headers: Record<string, string> = {}
  for (const [name, value] of Object.entries(message.headers)) if (!added.has(name)) headers[name] = value
  const given = (name: string) => message.headers[name] ?? ''
  return {
    id: message.id,
    topic,
    key: message.key,
    value: message.value,
    headers,
    reason: given(dlqHeaders.reason),
    step: given(dlqHeaders.step),
    time: given(dlqHeaders.time),
    deliveries: Number(given(dlqHeaders.deliveries)) || 0,
    sourceId: given(dlqHeaders.sourceId),
  }
}

/** The message as it was before it was dead-lettered. */
export const originalMessage = ({ key, value, headers }: StoredDeadLetter): OutgoingMessage => ({ key, value, headers })

/** The dead letters `ids` names ('all': every one), and the ids that name none. */
export function chooseDeadLetters(letters: readonly StoredDeadLetter[], ids: readonly string[] | 'all') {
  if (ids === 'all') return { chosen: [...letters], notFound: [] }
  const byId = new Map(letters.map((l) => [l.id, l]))
  const wanted = [...new Set(ids)]
  return { chosen: wanted.flatMap((id) => byId.get(id) ?? []), notFound: wanted.filter((id) => !byId.has(id)) }
}
