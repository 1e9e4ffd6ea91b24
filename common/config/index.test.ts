import { expect, test } from 'bun:test'
import { loadConfig } from '.'

test('the old AXON_TRUST_PROXY is refused at start with what replaces it, rather than silently ignored', () => {
  expect(() => loadConfig({ AXON_TRUST_PROXY: 'true' })).toThrow('AXON_TRUSTED_PROXY_HOPS')
})

test('trusted proxy hops and the event window are checked', () => {
  expect(loadConfig({})).toMatchObject({ trustedProxyHops: 0, eventMaxAgeHours: 720, eventMaxAheadSeconds: 3600, userJwtAudience: '', userJwtIssuer: '' })
  expect(loadConfig({ AXON_TRUSTED_PROXY_HOPS: '2' }).trustedProxyHops).toBe(2)
  expect(() => loadConfig({ AXON_TRUSTED_PROXY_HOPS: '-1' })).toThrow('AXON_TRUSTED_PROXY_HOPS')
  expect(() => loadConfig({ AXON_TRUSTED_PROXY_HOPS: '1.5' })).toThrow('AXON_TRUSTED_PROXY_HOPS')
  expect(() => loadConfig({ AXON_EVENT_MAX_AGE_HOURS: '0' })).toThrow('AXON_EVENT_MAX_AGE_HOURS')
})
