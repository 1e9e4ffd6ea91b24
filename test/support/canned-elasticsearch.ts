/**
 * A stand-in for the Elasticsearch server this machine cannot run (DESIGN §7): a local HTTP server
 * that records every request and answers each with the next response a test queued for it,
 * written the way the Elasticsearch reference shows them. It stores nothing and computes nothing —
 * no documents, no aggregations. Tests use it to check the adapter's side of the protocol: the
 * requests it sends, and how it reads the answers (including the failure answers).
 */
import { afterEach, beforeEach } from 'bun:test'
import { createElasticsearchStore } from '../../analytics/store/elasticsearch'
import type { BehaviorStore } from '../../analytics/store/port'
import { createLogger } from '../../common/log'

export interface RecordedRequest {
  method: string
  /** decoded path, e.g. `/_bulk` */
  path: string
  query: URLSearchParams
  contentType: string | null
  body: string
}

export interface CannedElasticsearch {
  url: string
  requests: RecordedRequest[]
  /** Queues the answer to the next request, which must be `route` ("METHOD /path"). */
  answer(route: string, body: unknown, status?: number): void
  /** Answers every `route` request with `make(request)` whenever no answer is queued. */
  answerEach(route: string, make: (request: RecordedRequest) => unknown): void
  stop(): Promise<void>
}

/** Elasticsearch marks its answers with this header, and client 8+ refuses 2xx answers without it. */
const headers = { 'content-type': 'application/json', 'x-elastic-product': 'Elasticsearch' }

const reply = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers })

export function startCannedElasticsearch(): CannedElasticsearch {
  const requests: RecordedRequest[] = []
  const answers: { route: string; status: number; body: unknown }[] = []
  const makers = new Map<string, (request: RecordedRequest) => unknown>()
  const server = Bun.serve({
    hostname: '127.0.0.1',
    port: 0,
    async fetch(request) {
      const url = new URL(request.url)
      const recorded = {
        method: request.method,
        path: decodeURIComponent(url.pathname),
        query: url.searchParams,
        contentType: request.headers.get('content-type'),
        body: await request.text(),
      }
      requests.push(recorded)
      const route = `${recorded.method} ${recorded.path}`
      const maker = makers.get(route)
      if (maker && answers.length === 0) return reply(200, maker(recorded))
      const next = answers.shift()
      if (next?.route === route) return reply(next.status, next.body)
      // 418, not 5xx: the client would retry a 5xx, and the test should see this one mistake
      return reply(418, errorBody(418, 'canned_server_exception', `no answer queued for ${route} (next queued: ${next?.route ?? 'none'})`))
    },
  })
  return {
    url: `http://127.0.0.1:${server.port}`,
    requests,
    answer: (route, body, status = 200) => void answers.push({ route, status, body }),
    answerEach: (route, make) => void makers.set(route, make),
    stop: () => server.stop(true),
  }
}

export const json = (request: RecordedRequest | undefined) => JSON.parse(request?.body ?? 'null')
export const ndjsonLines = (request: RecordedRequest | undefined) =>
  (request?.body ?? '').split('\n').filter(Boolean).map((line) => JSON.parse(line))

/** An error answer as Elasticsearch writes it: `{ error: { root_cause, type, reason }, status }`. */
export function errorBody(status: number, type: string, reason: string) {
  return { error: { root_cause: [{ type, reason }], type, reason }, status }
}

const shards = { total: 2, successful: 1, failed: 0 }

/** One `create` result of a bulk answer. */
export const created = (index: string, id: string) => ({
  create: { _index: index, _id: id, _version: 1, result: 'created', _shards: shards, _seq_no: 0, _primary_term: 1, status: 201 },
})

/** A `create` of an id the index already holds. */
export const alreadyExists = (index: string, id: string) => failedCreate(index, id, 409, 'version_conflict_engine_exception', `[${id}]: version conflict, document already exists (current version [1])`)

export const failedCreate = (index: string, id: string, status: number, type: string, reason: string) => ({
  create: { _index: index, _id: id, status, error: { type, reason, index_uuid: 'aAsFqTI0Tc2W0LCWgPNrOA', shard: '0', index } },
})

export const bulkAnswer = (items: unknown[]) => ({
  took: 30,
  errors: items.some((item) => 'error' in (item as { create: object }).create),
  items,
})

/** A `size: 0` search answer; `aggregations` is left out when none is given, as for a search that matched no index. */
export const searchAnswer = (aggregations?: Record<string, unknown>, hits: unknown[] = []) => ({
  took: 3,
  timed_out: false,
  _shards: aggregations ? { total: 1, successful: 1, skipped: 0, failed: 0 } : { total: 0, successful: 0, skipped: 0, failed: 0 },
  hits: { max_score: null, hits },
  ...(aggregations && { aggregations }),
})

/**
 * For a test file of the Elasticsearch adapter: before each test, a canned server that has
 * answered the index template and a store started on it (no client retries); both stopped after.
 */
export function cannedStoreEachTest(): { es: CannedElasticsearch; store: BehaviorStore } {
  const current = {} as { es: CannedElasticsearch; store: BehaviorStore }
  beforeEach(async () => {
    current.es = startCannedElasticsearch()
    current.es.answer('PUT /_index_template/behavior-events', { acknowledged: true })
    current.store = await createElasticsearchStore({ url: current.es.url, log: createLogger({}, 'error'), maxRetries: 0 })
  })
  afterEach(async () => {
    await current.store.close()
    await current.es.stop()
  })
  return current
}
