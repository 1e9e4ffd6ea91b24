/**
 * The address a request came from, as the rate limiters (the gateway's /collect limit, analytics' login throttle) should see it. X-Forwarded-For is written
 * by whoever sends the request: each proxy appends the address it received the request from, so
 * only the entries our own proxies appended can be believed, and they are at the right end. With
 * `trustedHops` proxies in front of the process, the client is the entry the outermost of them
 * appended: `trustedHops` from the right. With 0 the header is ignored and the peer is the client.
 *
 * One client is one key however its address is written: without the port some load balancers
 * append (a new one per connection), an IPv4-mapped IPv6 address as its IPv4, and an IPv6 address
 * as its /64, the network one subscriber is given (2^64 addresses to rotate through otherwise).
 */
import { isIPv6 } from 'node:net'

export function clientAddress(request: Request, trustedHops: number, peer: string | undefined): string {
  if (trustedHops > 0) {
    const forwarded = request.headers.get('x-forwarded-for')
    if (forwarded) {
      const hops = forwarded.split(',')
      // fewer entries than trusted proxies: the request skipped the outer ones; the leftmost is
      // the furthest address a trusted proxy can have written
      const entry = hops[Math.max(0, hops.length - trustedHops)]!.trim()
      if (entry) return addressKey(entry)
    }
  }
  return peer === undefined ? 'unknown' : addressKey(peer)
}

function addressKey(written: string): string {
  const address = withoutPort(written).toLowerCase()
  if (!isIPv6(address)) return address
  const groups = ipv6Groups(address)
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff)
    return [groups[6]! >> 8, groups[6]! & 255, groups[7]! >> 8, groups[7]! & 255].join('.')
  return `${groups.slice(0, 4).map((g) => g.toString(16)).join(':')}::/64`
}

function withoutPort(address: string): string {
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(address)
  if (bracketed) return bracketed[1]!
  const ipv4WithPort = /^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/.exec(address)
  return ipv4WithPort ? ipv4WithPort[1]! : address
}

/** The eight 16-bit groups of a valid IPv6 address (`::` expanded, a dotted IPv4 tail as two groups). */
function ipv6Groups(address: string): number[] {
  let text = address.replace(/%.*$/, '')
  const ipv4Tail = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text)
  if (ipv4Tail) {
    const [a, b, c, d] = ipv4Tail.slice(1).map(Number) as [number, number, number, number]
    text = `${text.slice(0, ipv4Tail.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`
  }
  const groupsOf = (part: string) => (part ? part.split(':').map((g) => parseInt(g, 16)) : [])
  const [head = '', tail] = text.split('::')
  if (tail === undefined) return groupsOf(head)
  const front = groupsOf(head)
  const back = groupsOf(tail)
  return [...front, ...new Array<number>(8 - front.length - back.length).fill(0), ...back]
}
