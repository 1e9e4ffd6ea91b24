/**
 * One HTTP/1.1 request written by hand on a TCP socket: the head only, with whatever
 * Content-Length it declares, and none of the body. An answer that arrives proves the server
 * decided without reading the body, which fetch cannot show (it uploads before it reads).
 */
import { connect } from 'node:net'

export interface RawAnswer {
  status: number
  body: string
}

export function headOnly(url: string, method: string, headers: Record<string, string>, timeoutMs = 10_000): Promise<RawAnswer> {
  const { hostname, port, pathname } = new URL(url)
  const head = [`${method} ${pathname} HTTP/1.1`, `host: ${hostname}:${port}`, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)]
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname)
    let received: Buffer = Buffer.alloc(0)
    const timer = setTimeout(() => finish(new Error(`no answer within ${timeoutMs} ms: the server waits for the body`)), timeoutMs)
    function finish(error?: Error) {
      clearTimeout(timer)
      socket.destroy()
      if (error) return reject(error)
      const text = received.toString()
      const [lines = '', body = ''] = text.split('\r\n\r\n')
      resolve({ status: Number(lines.split(' ')[1]), body })
    }
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk])
      const text = received.toString()
      const end = text.indexOf('\r\n\r\n')
      if (end < 0) return
      const length = Number(/\r\ncontent-length: *(\d+)/i.exec(text.slice(0, end))?.[1] ?? 0)
      if (received.byteLength >= Buffer.byteLength(text.slice(0, end)) + 4 + length) finish()
    })
    socket.on('end', () => finish())
    socket.on('error', (error) => finish(error))
    socket.write(`${head.join('\r\n')}\r\n\r\n`)
  })
}
