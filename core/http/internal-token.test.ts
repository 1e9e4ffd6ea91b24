import { afterAll, expect, test } from 'bun:test'
import { closeTestClients } from '../../test/support/clients'
import { testCoreApp } from '../../test/support/core-app'
import { internalTokenHeader } from './internal-token'

afterAll(closeTestClients)

test('with a token configured, admin and internal routes need it; health does not', async () => {
  const { call } = testCoreApp({ internalToken: 'a-long-shared-secret' })
  expect(await call('GET', '/api/v1/admin/campaigns')).toMatchObject({ status: 401, body: { code: 'UNAUTHORIZED' } })
  expect((await call('GET', '/api/v1/admin/campaigns', undefined, { [internalTokenHeader]: 'a-long-shared-secreT' })).status).toBe(401)
  expect((await call('GET', '/internal/eligibility/activities/1/users/1')).status).toBe(401)
  expect((await call('GET', '/api/v1/admin/campaigns', undefined, { [internalTokenHeader]: 'a-long-shared-secret' })).status).toBe(200)
  expect(await call('GET', '/health')).toMatchObject({ status: 200, body: { status: 'ok', checks: { mysql: 'up', redis: 'up', bus: 'up' } } })
})

test('without a token configured (development) they are open', async () => {
  const { call } = testCoreApp()
  expect((await call('GET', '/api/v1/admin/campaigns')).status).toBe(200)
})
