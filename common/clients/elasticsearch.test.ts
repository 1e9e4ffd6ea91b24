/**
 * The Elasticsearch client under Bun (DESIGN §7: test each client under Bun), against a canned
 * local HTTP server standing in for Elasticsearch (test/support/canned-elasticsearch.ts).
 */
import { afterEach, beforeEach, expect, test } from 'bun:test'
import { Client } from '@elastic/elasticsearch'
import { startCannedElasticsearch, type CannedElasticsearch } from '../../test/support/canned-elasticsearch'
import { createElasticsearchClient } from './elasticsearch'

/** GET / as the Elasticsearch reference shows it (abridged to the fields a client reads). */
const rootAnswer = { name: 'node-1', cluster_name: 'axon', version: { number: '9.2.0' }, tagline: 'You Know, for Search' }

let es: CannedElasticsearch
beforeEach(() => {
  es = startCannedElasticsearch()
})
afterEach(() => es.stop())

test('our client (HttpConnection) talks HTTP under Bun', async () => {
  es.answer('GET /', rootAnswer)
  const client = createElasticsearchClient({ url: es.url, maxRetries: 0 })
  expect((await client.info()).version.number).toBe('9.2.0')
  await client.close()
})

// When this fails, Bun's `undici` module carries the client's default connection: drop the
// HttpConnection workaround in elasticsearch.ts and this test.
test("the client's default undici connection still fails under Bun before sending anything (why we use HttpConnection)", async () => {
  es.answer('GET /', rootAnswer)
  const client = new Client({ node: es.url, maxRetries: 0 })
  const error = await client.info().catch((e: unknown) => e)
  expect(String(error)).toContain("evaluating 'response.headers'")
  expect(es.requests).toHaveLength(0)
  await expect(client.close()).rejects.toThrow('this.pool.close is not a function')
})
