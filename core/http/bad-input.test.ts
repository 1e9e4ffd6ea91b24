/** Core's admin API refuses ids that are not canonical and bodies over its limit, clearly. */
import { afterAll, expect, test } from 'bun:test'
import { adminBodyMaxBytes } from '../../common/http/body'
import { closeTestClients } from '../../test/support/clients'
import { testCoreApp } from '../../test/support/core-app'
import { headOnly } from '../../test/support/raw-http'

const core = testCoreApp()
afterAll(closeTestClients)

test.each([
  ['GET', '/api/v1/admin/campaigns/1e0'],
  ['GET', '/api/v1/admin/campaigns/0x1'],
  ['GET', '/api/v1/admin/products/01'],
  ['GET', '/api/v1/admin/activities/%201'],
  ['PATCH', '/api/v1/admin/activities/1.0'],
  ['GET', '/api/v1/admin/campaigns/9007199254740993/activities'],
  ['PUT', '/api/v1/admin/users/-1'],
])('%s %s: a path id that is not canonical decimal digits is 400 (Elysia read "1e0" and "0x1" as 1)', async (method, path) => {
  const reply = await core.call(method, path, method === 'GET' ? undefined : {})
  expect(reply.status).toBe(400)
  expect(reply.body).toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ field: 'params.id', message: expect.stringContaining('decimal digits') }] })
})

test('a canonical id reaches the route', async () => {
  const { campaign } = await core.openActivity()
  expect(await core.call('GET', `/api/v1/admin/campaigns/${campaign.id}`)).toMatchObject({ status: 200, body: { id: campaign.id } })
})

test('the server refuses a body declared over its limit (413) before any of it is sent', async () => {
  const server = core.app.listen(0)
  try {
    const answer = await headOnly(`http://127.0.0.1:${server.server!.port}/api/v1/admin/campaigns`, 'POST', {
      'content-type': 'application/json',
      'content-length': String(adminBodyMaxBytes + 1),
    })
    expect(answer.status).toBe(413)
  } finally {
    await server.stop(true)
  }
})
