/**
 * The `k6/http` module as a VU sees it: synchronous calls returning k6-shaped responses. Requests
 * are described here and performed by the runner's main thread (see ../protocol.ts).
 * Supported: request, get, head, post, put, patch, del, options, batch, expectedStatuses,
 * setResponseCallback; params.headers, params.timeout, params.responseCallback, params.responseType
 * ('text' | 'none'); params.tags is accepted and ignored.
 */
import type { HttpRequestSpec, HttpResponseSpec, StatusRange } from '../protocol'
import { durationMs } from '../durations'

type Body = string | Record<string, unknown> | null | undefined
interface Params {
  headers?: Record<string, string>
  timeout?: string | number
  responseCallback?: ExpectedStatuses | null
  responseType?: string
  tags?: Record<string, string>
}
interface ExpectedStatuses {
  expectedStatuses: StatusRange[]
}
type BatchItem = string | [string, string, Body?, Params?] | { method: string; url: string; body?: Body; params?: Params }

/** k6's default: a response counts as failed outside 200–399. */
const okStatuses: StatusRange[] = [{ min: 200, max: 399 }]
/** `setResponseCallback(null)`: no response counts as failed */
const anyStatus: StatusRange[] = [{ min: 0, max: 999 }]
const defaultTimeoutMs = 60_000

/** k6 form-encodes an object body; scripts that want JSON send `JSON.stringify(…)` themselves. */
function encodeBody(body: Body, headers: Record<string, string>): string | null {
  if (body === null || body === undefined) return null
  if (typeof body === 'string') return body
  if (typeof body !== 'object' || body instanceof ArrayBuffer) throw new Error('k6-compat: a body must be a string or an object')
  if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['Content-Type'] = 'application/x-www-form-urlencoded'
  return new URLSearchParams(Object.entries(body).map(([k, v]) => [k, String(v)])).toString()
}

/** `res.json('a.b.0')`: the dotted subset of k6's gjson selectors. */
function select(value: unknown, selector: string | undefined): unknown {
  if (!selector) return value
  return selector.split('.').reduce<unknown>((at, key) => (at === null || typeof at !== 'object' ? undefined : (at as Record<string, unknown>)[key]), value)
}

function toResponse(request: HttpRequestSpec, r: HttpResponseSpec) {
  return {
    status: r.status,
    body: r.body,
    headers: r.headers,
    url: r.url,
    error: r.error,
    error_code: r.errorCode,
    request: { method: request.method, url: request.url, body: request.body, headers: request.headers },
    timings: {
      duration: r.durationMs,
      waiting: r.waitingMs,
      receiving: r.durationMs - r.waitingMs,
      sending: 0,
      blocked: 0,
      connecting: 0,
      tls_handshaking: 0,
    },
    json(selector?: string): unknown {
      if (r.body === null) throw new Error('k6-compat: the response has no body (responseType "none")')
      return select(JSON.parse(r.body), selector)
    },
  }
}

export function httpModule(send: (requests: HttpRequestSpec[]) => HttpResponseSpec[]) {
  let expectedByDefault = okStatuses

  function describe(method: string, url: string, body: Body, params: Params = {}): HttpRequestSpec {
    const headers = { ...params.headers }
    const callback = params.responseCallback
    return {
      method: method.toUpperCase(),
      url: String(url),
      body: encodeBody(body, headers),
      headers,
      timeoutMs: params.timeout === undefined ? defaultTimeoutMs : typeof params.timeout === 'number' ? params.timeout : durationMs(params.timeout),
      expected: callback === undefined ? expectedByDefault : callback === null ? anyStatus : callback.expectedStatuses,
      responseType: params.responseType === 'none' ? 'none' : 'text',
    }
  }

  function perform(requests: HttpRequestSpec[]) {
    return send(requests).map((response, i) => toResponse(requests[i]!, response))
  }

  const request = (method: string, url: string, body?: Body, params?: Params) => perform([describe(method, url, body, params)])[0]!

  function fromBatchItem(item: BatchItem): HttpRequestSpec {
    if (typeof item === 'string') return describe('GET', item, null)
    if (Array.isArray(item)) return describe(item[0], item[1], item[2], item[3])
    return describe(item.method, item.url, item.body, item.params)
  }

  return {
    request,
    get: (url: string, params?: Params) => request('GET', url, null, params),
    head: (url: string, params?: Params) => request('HEAD', url, null, params),
    options: (url: string, body?: Body, params?: Params) => request('OPTIONS', url, body, params),
    post: (url: string, body?: Body, params?: Params) => request('POST', url, body, params),
    put: (url: string, body?: Body, params?: Params) => request('PUT', url, body, params),
    patch: (url: string, body?: Body, params?: Params) => request('PATCH', url, body, params),
    del: (url: string, body?: Body, params?: Params) => request('DELETE', url, body, params),
    /** all at once, as k6 does; an array answers an array, an object of named requests an object */
    batch(requests: BatchItem[] | Record<string, BatchItem>) {
      const entries = Array.isArray(requests) ? requests.map((r, i) => [String(i), r] as const) : Object.entries(requests)
      const responses = perform(entries.map(([, item]) => fromBatchItem(item)))
      if (Array.isArray(requests)) return responses
      return Object.fromEntries(entries.map(([name], i) => [name, responses[i]]))
    },
    expectedStatuses(...statuses: (number | StatusRange)[]): ExpectedStatuses {
      return { expectedStatuses: statuses.map((s) => (typeof s === 'number' ? { min: s, max: s } : s)) }
    },
    setResponseCallback(callback: ExpectedStatuses | null) {
      expectedByDefault = callback === null ? anyStatus : callback.expectedStatuses
    },
  }
}
