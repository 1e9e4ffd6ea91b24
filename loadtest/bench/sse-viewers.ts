/**
 * Many SSE viewers from one process: a raw TCP socket each (Bun.connect), so 10,000 of them cost
 * the benchmark little and the figures are the server's. A viewer counts the messages it receives
 * (each frame carries one `retry:` field) and is connected once its first message has arrived.
 */
import type { Socket } from 'bun'

export interface Viewer {
  messages: number
  bytes: number
  status: number | null
  closed: boolean
  socket?: Socket<Viewer>
}

const retryField = Buffer.from('\nretry: ')

function countMessages(chunk: Buffer): number {
  let n = 0
  for (let at = chunk.indexOf(retryField); at !== -1; at = chunk.indexOf(retryField, at + retryField.length)) n++
  return n
}

const handlers = {
  data(socket: Socket<Viewer>, chunk: Buffer) {
    const viewer = socket.data
    if (viewer.status === null) viewer.status = Number(/^HTTP\/1\.1 (\d{3})/.exec(chunk.subarray(0, 16).toString())?.[1] ?? 0)
    viewer.bytes += chunk.length
    viewer.messages += countMessages(chunk)
  },
  close(socket: Socket<Viewer>) {
    socket.data.closed = true
  },
  error(socket: Socket<Viewer>) {
    socket.data.closed = true
  },
}

/** Opens `count` viewers of `url` (lanes at a time), sending `headers` with each request. */
export async function openViewers(url: string, count: number, headers: Record<string, string> = {}, lanes = 200): Promise<Viewer[]> {
  const { hostname, port, pathname } = new URL(url)
  const request =
    `GET ${pathname} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nAccept: text/event-stream\r\n` +
    Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`).join('') +
    '\r\n'
  const viewers: Viewer[] = []
  for (let start = 0; start < count; start += lanes) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(lanes, count - start) }, async () => {
        const viewer: Viewer = { messages: 0, bytes: 0, status: null, closed: false }
        viewer.socket = await Bun.connect<Viewer>({ hostname, port: Number(port), data: viewer, socket: handlers })
        viewer.socket.write(request)
        return viewer
      }),
    )
    viewers.push(...batch)
  }
  return viewers
}

/** Resolves once every viewer has its first message (or failed), or after `timeoutMs`. */
export async function firstMessages(viewers: readonly Viewer[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (viewers.some((v) => v.messages === 0 && !v.closed) && Date.now() < deadline) await Bun.sleep(100)
}

export function closeViewers(viewers: readonly Viewer[]): void {
  for (const viewer of viewers) viewer.socket?.end()
}
