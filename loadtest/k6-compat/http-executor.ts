/**
 * The main thread's side of k6/http: performs the requests VUs describe (with Bun's fetch, which
 * keeps connections alive per host, as k6 does) and records k6's HTTP metrics for each one.
 */
import type { RunMetrics } from './metrics'
import type { HttpRequestSpec, HttpResponseSpec, StatusRange } from './protocol'

/** k6's error codes for a request that got no response */
const errorCodes = { generic: 1000, timeout: 1050 }

/** Go's canonical header form, which k6 scripts index by: content-type → Content-Type. */
function canonicalHeaders(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {}
  headers.forEach((value, name) => {
    out[name.replace(/(^|-)([a-z])/g, (_, dash: string, letter: string) => dash + letter.toUpperCase())] = value
  })
  return out
}

const expected = (status: number, ranges: StatusRange[]) => ranges.some((r) => status >= r.min && status <= r.max)

async function perform(spec: HttpRequestSpec): Promise<HttpResponseSpec> {
  const started = performance.now()
  try {
    const response = await fetch(spec.url, {
      method: spec.method,
      headers: spec.headers,
      body: spec.body ?? undefined,
      signal: AbortSignal.timeout(spec.timeoutMs),
    })
    const waitingMs = performance.now() - started
    // read even when discarded, so the connection goes back to the pool
    const text = await response.text()
    return {
      status: response.status,
      body: spec.responseType === 'none' ? null : text,
      headers: canonicalHeaders(response.headers),
      url: response.url || spec.url,
      durationMs: performance.now() - started,
      waitingMs,
      error: '',
      errorCode: 0,
    }
  } catch (error) {
    const timedOut = (error as Error).name === 'TimeoutError'
    const elapsed = performance.now() - started
    return {
      status: 0,
      body: null,
      headers: {},
      url: spec.url,
      durationMs: elapsed,
      waitingMs: elapsed,
      error: timedOut ? `request timeout after ${spec.timeoutMs} ms` : (error as Error).message,
      errorCode: timedOut ? errorCodes.timeout : errorCodes.generic,
    }
  }
}

export async function performAll(requests: HttpRequestSpec[], metrics: RunMetrics): Promise<HttpResponseSpec[]> {
  const responses = await Promise.all(requests.map(perform))
  responses.forEach((response, i) => {
    metrics.add('http_reqs', 1)
    metrics.add('http_req_duration', response.durationMs)
    metrics.add('http_req_waiting', response.waitingMs)
    metrics.add('http_req_failed', !expected(response.status, requests[i]!.expected))
  })
  return responses
}
