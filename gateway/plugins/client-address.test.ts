import { expect, test } from 'bun:test'
import { clientAddress } from './client-address'

const request = (forwardedFor?: string) =>
  new Request('http://gateway/collect', { headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor } })

test('with no trusted proxy, X-Forwarded-For is ignored: the peer is the client', () => {
  expect(clientAddress(request('198.51.100.1'), 0, '203.0.113.9')).toBe('203.0.113.9')
  expect(clientAddress(request(), 0, undefined)).toBe('unknown')
})

test('behind trusted proxies, the client is the entry the outermost one appended, whatever the client wrote before it', () => {
  // the client wrote "1.1.1.1, 2.2.2.2"; our one proxy appended the address it saw
  expect(clientAddress(request('1.1.1.1, 2.2.2.2, 198.51.100.7'), 1, '10.0.0.2')).toBe('198.51.100.7')
  // CDN then load balancer: the CDN appended the client, the load balancer appended the CDN
  expect(clientAddress(request('1.1.1.1, 198.51.100.7, 192.0.2.50'), 2, '10.0.0.2')).toBe('198.51.100.7')
  expect(clientAddress(request('198.51.100.7 ,192.0.2.50'), 2, '10.0.0.2')).toBe('198.51.100.7')
})

test('behind trusted proxies, a request without the header, or with fewer entries than proxies, falls back safely', () => {
  expect(clientAddress(request(), 1, '10.0.0.2')).toBe('10.0.0.2')
  expect(clientAddress(request('198.51.100.7'), 2, '10.0.0.2')).toBe('198.51.100.7')
  expect(clientAddress(request(' '), 1, '10.0.0.2')).toBe('10.0.0.2')
})
