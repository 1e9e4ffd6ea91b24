import { afterAll, describe, expect, test } from 'bun:test'
import { closeTestClients, testRedis } from '../../../test/support/clients'
import { startTestGateway } from '../../../test/support/gateway'

const gateway = startTestGateway({ redis: testRedis('tracker-script-test') })
afterAll(async () => {
  await gateway.stop()
  await closeTestClients()
})

describe('GET /axon.js', () => {
  test('serves the built tracker with an ETag, and answers a revalidation with 304', async () => {
    const res = await fetch(`${gateway.url}/axon.js`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('javascript')
    const code = await res.text()
    expect(code).toContain('/collect')
    expect(code.length).toBeGreaterThan(1000)
    const etag = res.headers.get('etag')!
    const again = await fetch(`${gateway.url}/axon.js`, { headers: { 'if-none-match': etag } })
    expect(again.status).toBe(304)
  })
})
