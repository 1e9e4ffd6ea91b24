/**
 * The behaviour store contract against a real Elasticsearch 9 at ELASTICSEARCH_URL, in indices and
 * a template of this run's own (`axon-test-<id>-YYYY.MM`), deleted afterwards. Without
 * ELASTICSEARCH_URL the contract is skipped by name: no Elasticsearch can run on this machine, and
 * write.test.ts / queries.test.ts check the adapter's protocol against a canned stand-in instead.
 */
import { afterAll } from 'bun:test'
import { createElasticsearchClient } from '../../../common/clients/elasticsearch'
import { config, envName } from '../../../common/config'
import { createLogger } from '../../../common/log'
import { registerBehaviorStoreContract } from '../../../test/contracts/behavior-store'
import { createElasticsearchStore } from './index'
import { indexPattern } from './template'

const name = 'behaviour store contract: Elasticsearch'
const url = config.elasticsearchUrl

/** Deletes by name: Elasticsearch refuses wildcard deletes by default (action.destructive_requires_name). */
async function removeIndices(prefix: string) {
  const client = createElasticsearchClient({ url })
  try {
    const indices = Object.keys(await client.indices.get({ index: indexPattern(prefix), allow_no_indices: true }))
    if (indices.length > 0) await client.indices.delete({ index: indices })
    await client.indices.deleteIndexTemplate({ name: prefix })
  } finally {
    await client.close()
  }
}

if (!url) {
  registerBehaviorStoreContract(name, {
    skipReason: `${envName.elasticsearchUrl} is not set; the adapter's requests and response parsing are checked against a canned server by write.test.ts and queries.test.ts`,
  })
} else {
  const indexPrefix = `axon-test-${crypto.randomUUID().slice(0, 8)}`
  const log = createLogger({ test: name }, 'warn')
  console.log(`${name}: running against ${envName.elasticsearchUrl}=${url}, indices ${indexPattern(indexPrefix)}`)
  afterAll(() => removeIndices(indexPrefix))
  registerBehaviorStoreContract(`${name} (${url})`, { open: () => createElasticsearchStore({ url, indexPrefix, log }) })
}
