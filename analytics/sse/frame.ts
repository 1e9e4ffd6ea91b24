/**
 * Server-sent event frames, written once per tick and handed as they are to every viewer. Elysia
 * writes a yielded object's `toSSE()` verbatim, so one frame object serves 10,000 streams.
 */

export interface SseChunk {
  toSSE(): string
}

function chunk(text: string): SseChunk {
  return { toSSE: () => text }
}

/** A message swapped into the page: every line of `data` gets its own `data:` field (a newline would end the field). */
export function messageFrame(id: string, data: string, retryMs?: number): SseChunk {
  const lines = data.split(/\r\n|\r|\n/).map((line) => `data: ${line}`)
  return chunk(`id: ${id}\n${retryMs === undefined ? '' : `retry: ${retryMs}\n`}${lines.join('\n')}\n\n`)
}

/** A comment line: keeps proxies and the browser from timing out a quiet stream; clients ignore it. */
export const heartbeatFrame: SseChunk = chunk(': still here\n\n')
