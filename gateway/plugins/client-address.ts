/**
 * The address a request came from, as the rate limiter should see it. X-Forwarded-For is written
 * by whoever sends the request: each proxy appends the address it received the request from, so
 * only the entries our own proxies appended can be believed, and they are at the right end. With
 * `trustedHops` proxies in front of the gateway, the client is the entry the outermost of them
 * appended: `trustedHops` from the right. With 0 the header is ignored and the peer is the client.
 */
export function clientAddress(request: Request, trustedHops: number, peer: string | undefined): string {
  if (trustedHops > 0) {
    const forwarded = request.headers.get('x-forwarded-for')
    if (forwarded) {
      const hops = forwarded.split(',')
      // fewer entries than trusted proxies: the request skipped the outer ones; the leftmost is
      // the furthest address a trusted proxy can have written
      const entry = hops[Math.max(0, hops.length - trustedHops)]!.trim()
      if (entry) return entry
    }
  }
  return peer ?? 'unknown'
}
