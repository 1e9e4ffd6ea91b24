/**
 * Server-sent event frames, encoded once per tick and handed as they are to every viewer: Elysia
 * writes yielded bytes verbatim, so one frame serves 10,000 streams without encoding it 10,000 times.
 */

export type SseChunk = Uint8Array

const encoder = new TextEncoder()

/** Every line of `data` gets its own `data:` field (a newline would end the field). */
const dataLines = (data: string) => data.split(/\r\n|\r|\n/).map((line) => `data: ${line}`).join('\n')

/** A message swapped into the page. */
export function messageFrame(id: string, data: string, retryMs?: number): SseChunk {
  return encoder.encode(`id: ${id}\n${retryMs === undefined ? '' : `retry: ${retryMs}\n`}${dataLines(data)}\n\n`)
}

/** A named event for API clients (`event: tool`, its JSON as data). */
export function eventFrame(event: string, data: unknown): SseChunk {
  return encoder.encode(`event: ${event}\n${dataLines(JSON.stringify(data))}\n\n`)
}

/** A comment line: keeps proxies and the browser from timing out a quiet stream; clients ignore it. */
export const heartbeatFrame: SseChunk = encoder.encode(': still here\n\n')
