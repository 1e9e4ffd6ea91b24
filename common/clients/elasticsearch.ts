/**
 * Elasticsearch clients (@elastic/elasticsearch 9) on Node's http module, and the one place that
 * decides which of the client's errors mean "Elasticsearch is down or busy". Client 9 sends
 * `compatible-with=9` media types, so the server must be Elasticsearch 9.x: an 8.x server refuses
 * every request with `media_type_header_exception`.
 *
 * Why `Connection: HttpConnection`: the client's default connection is built on undici's `Pool`,
 * and Bun answers `import { Pool } from 'undici'` with its own built-in stand-in, even with
 * undici 7 installed in node_modules. Under Bun 1.4.5 that stand-in's `request` resolves to
 * undefined and it has no `close`: against a local HTTP server every call failed with
 * "undefined is not an object (evaluating 'response.headers')" before a byte was sent, and
 * `client.close()` threw "this.pool.close is not a function". HttpConnection (node:http) works.
 * elasticsearch.test.ts checks both, so it fails once Bun's undici is complete and this can go.
 */
import { Client, HttpConnection, errors } from '@elastic/elasticsearch'
import { DependencyUnavailable } from '../errors'

export type { Client }

export interface ElasticsearchClientOptions {
  url: string
  /**
   * Times the client itself retries a connection error or a 502/503/504 (the client's default,
   * 3); after that the error reaches the caller, whose bus retries with backoff.
   */
  maxRetries?: number
}

/**
 * The client 9 default is no timeout at all; a stalled node would then hold a sink batch forever.
 * 30 s is the 8.x default, long enough for a large bulk with `refresh=wait_for`.
 */
const requestTimeoutMs = 30_000

export function createElasticsearchClient({ url, maxRetries }: ElasticsearchClientOptions): Client {
  return new Client({ node: url, Connection: HttpConnection, requestTimeout: requestTimeoutMs, maxRetries })
}

/** 429 (rejected: queues full) and 5xx are Elasticsearch saying "later", not "this input is bad". */
export const isRetryableStatus = (status: number) => status === 429 || status >= 500

/**
 * Turns "Elasticsearch is unreachable, timed out or overloaded" into DependencyUnavailable so the
 * caller retries; anything else (a 4xx about our request) is returned unchanged: a bug to fix.
 */
export function classifyElasticsearchError(error: unknown): unknown {
  const unreachable = error instanceof errors.ConnectionError || error instanceof errors.TimeoutError
  const overloaded = error instanceof errors.ResponseError && isRetryableStatus(error.statusCode ?? 0)
  return unreachable || overloaded ? new DependencyUnavailable('elasticsearch', error) : error
}
