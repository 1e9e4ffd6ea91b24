/**
 * The address the browser tests give the storefront for the gateway: a pass-through in front of
 * the real gateway app, on its own origin (so requests are cross-origin, as in production). It
 * hands requests and the gateway's answers through unchanged, CORS headers included, and records
 * each /collect request as it arrived, so tests can see beacons, batches and retries.
 *
 * A test may answer in the gateway's place: with 429, 413 or a 200 that rejects an event — the
 * gateway's own answers under conditions a browser test cannot arrange (a flood, an oversized
 * batch, an invalid event) — or hold fetches a while, as a slow network does. Both are set per
 * shopper (the user agent its events carry), so a straggling beacon of an earlier test is never
 * confused with this test's requests.
 */
import type { BehaviorEvent } from '../../common/schemas/behavior-event'

export interface CollectRequest {
  userAgent: string
  events: BehaviorEvent[]
  /** The answer's status; 0 until it is given. */
  status: number
  /** "no-cors" for a beacon, "cors" for fetch. */
  mode: string | null
  contentType: string | null
}

export interface Interference {
  /** An answer given instead of the gateway's: a status, or a rejection of some events in a 200. */
  answer?: (events: BehaviorEvent[], index: number) => number | { reject: (e: BehaviorEvent) => boolean } | undefined
  /** Milliseconds to hold fetch (not beacon) requests before passing them on. */
  fetchDelayMs?: number
}

const passedHeaders = ['content-type', 'access-control-allow-origin', 'vary', 'retry-after']

export async function startGatewayFront(gatewayUrl: string) {
  const requests: CollectRequest[] = []
  const interference = new Map<string, Interference>()

  const pass = async (req: Request, body?: string) => {
    const answer = await fetch(gatewayUrl + new URL(req.url).pathname, {
      method: req.method,
      headers: Object.fromEntries(['origin', 'content-type', 'user-agent'].flatMap((h) => (req.headers.has(h) ? [[h, req.headers.get(h)!]] : []))),
      body,
    })
    const headers = Object.fromEntries(passedHeaders.flatMap((h) => (answer.headers.has(h) ? [[h, answer.headers.get(h)!]] : [])))
    return new Response(await answer.arrayBuffer(), { status: answer.status, headers })
  }

  const server = Bun.serve({
    port: 0,
    hostname: '127.0.0.1',
    async fetch(req) {
      const path = new URL(req.url).pathname
      if (path != '/collect' || req.method != 'POST') return pass(req)

      const text = await req.text()
      const mode = req.headers.get('sec-fetch-mode')
      const events: BehaviorEvent[] = JSON.parse(text).events
      // The shopper, by the user agent in the events: a beacon sent while the page unloads carries
      // the browser's default User-Agent header, not the context's.
      const userAgent = events[0]?.userAgent ?? ''
      const meddle = interference.get(userAgent) ?? {}
      if (mode == 'cors' && meddle.fetchDelayMs) await Bun.sleep(meddle.fetchDelayMs)
      const index = requests.filter((r) => r.userAgent == userAgent).length
      const record: CollectRequest = { userAgent, events, status: 0, mode, contentType: req.headers.get('content-type') }
      requests.push(record)
      const forced = meddle.answer?.(events, index)
      let answer: Response
      if (typeof forced == 'number') {
        // With the CORS grant the gateway gives, or the page could not read the status.
        const headers = { 'access-control-allow-origin': req.headers.get('origin') ?? '*' }
        answer = Response.json({ code: 'FORCED_BY_TEST', message: `answered ${forced} by the test` }, { status: forced, headers })
      } else if (forced) {
        const rejected = events.flatMap((e, i) => (forced.reject(e) ? [{ index: i, eventId: e.eventId, code: 'INVALID_EVENT', message: 'refused by the test' }] : []))
        const kept = events.filter((e) => !forced.reject(e))
        const passed = await pass(req, JSON.stringify({ events: kept }))
        answer = Response.json({ ...((await passed.json()) as object), rejected }, { status: passed.status, headers: passed.headers })
      } else answer = await pass(req, text)
      record.status = answer.status
      return answer
    },
  })

  return {
    origin: `http://127.0.0.1:${server.port}`,
    requests,
    interference,
    stop: () => server.stop(true),
  }
}
