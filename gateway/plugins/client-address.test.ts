import { expect, test } from 'bun:test'
import { clientAddress } from '../../common/http/client-address'
import { tokenBucket } from './rate-limit'

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

test('one client is one key however its address is written: a port, brackets, case, zeros, an IPv4-mapped IPv6 address', () => {
  const behindOne = (forwardedFor: string) => clientAddress(request(forwardedFor), 1, '10.0.0.2')
  // some load balancers append the client's port too, a new one per connection
  expect(behindOne('1.1.1.1, 198.51.100.7:51234')).toBe('198.51.100.7')
  expect(behindOne('[2001:db8:1:2::1]:443')).toBe(behindOne('2001:db8:1:2::1'))
  expect(behindOne('2001:DB8:1:2:0:0:0:1')).toBe(behindOne('2001:db8:1:2::1'))
  expect(behindOne('::ffff:198.51.100.7')).toBe('198.51.100.7')
  expect(clientAddress(request(), 0, '::ffff:203.0.113.9')).toBe('203.0.113.9')
})

test('an IPv6 client is keyed by its /64: rotating through the 2^64 addresses every subscriber holds gets no new bucket', () => {
  const limiter = tokenBucket({ perSecond: 50, now: () => 0 })
  let limited = 0
  for (let i = 1; i <= 300; i++) {
    try {
      limiter.take(clientAddress(request(`2001:db8:1:2:${i.toString(16)}::${i.toString(16)}`), 1, '10.0.0.2'))
    } catch {
      limited++
    }
  }
  expect(limited).toBe(200)
  // another /64 is another subscriber
  expect(clientAddress(request('2001:db8:1:3::1'), 1, '10.0.0.2')).not.toBe(clientAddress(request('2001:db8:1:2::1'), 1, '10.0.0.2'))
})
