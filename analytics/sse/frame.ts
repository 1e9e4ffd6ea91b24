/**
 * Server-sent event frames, encoded once per tick and handed as they are to every viewer: Elysia
 * writes yielded bytes verbatim, so one frame serves 10,000 streams without encoding it 10,000 times.
 */

export type SseChunk = Uint8Array

const encoder = new TextEncoder()

/** A message swapped into the page: every line of `data` gets its own `data:` field (a newline would end the field). */
export function messageFrame(id: string, data: string, retryMs?: number): SseChunk {
  const lines = data.split(/\r\n|\r|\n/).map((line) => `data: ${line}`)
  return encoder.encode(`id: ${id}\n${retryMs === undefined ? '' : `retry: ${retryMs}\n`}${lines.join('\n')}\n\n`)
}

/** A comment line: keeps proxies and the browser from timing out a quiet stream; clients ignore it. */
export const heartbeatFrame: SseChunk = encoder.encode(': still here\n\n')
