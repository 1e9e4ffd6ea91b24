/**
 * Getting events to /collect. An event stays queued (and mirrored to storage, so it survives
 * offline spells and page loads) until the gateway has answered for it; a failed request is sent
 * again later with the same events, hence the same eventIds, which the gateway dedupes on.
 * A one-second tick sends what waits, one fetch at a time; a hidden or closed page beacons it.
 */
import type { BehaviorEvent } from '../../common/schemas/behavior-event'
import { endpoint, nav, on } from './page-script'
import { get, put } from './storage'

/** Events waiting, oldest first; index.ts appends (then saves and flushes). */
export let queue: BehaviorEvent[] = get('queue') || []
/** 0 while the gateway answers; else the last retry delay, doubling from 1 s up to a minute. */
let backoff = 0
/**
 * No fetch before this time (ms): Infinity while one is in flight, then the backoff. Retries
 * follow each page's own one-second tick and failure time, so shoppers do not return in step.
 */
let retryAt = 0
/** Characters per request (at least one event); on 413, half of what the refused request held. */
let limit = 2e4

/** The offline queue keeps the newest 200 events. */
export const save = () => put('queue', (queue = queue.slice(-200)))

const acknowledge = (batch: BehaviorEvent[]) => {
  queue = queue.filter((e) => !batch.includes(e))
  save()
}

/** Sends the oldest events: by beacon when `beacon` is truthy (a pagehide event is), else by fetch. */
export const flush = async (beacon?: unknown) => {
  let chars = 0
  const batch = queue.filter((e, i) => (chars += JSON.stringify(e).length) <= limit || !i),
    body = JSON.stringify({ events: batch })
  // A beacon outlives the page, but nobody learns whether it arrived: while offline or while the
  // gateway fails, events wait in storage for the next load instead. A beacon may repeat a fetch
  // in flight; the gateway's dedupe covers that.
  if (beacon) backoff || !batch[0] || !nav.onLine || (nav.sendBeacon(endpoint, body) && acknowledge(batch))
  else if (batch[0] && Date.now() > retryAt) {
    retryAt = Infinity
    // A string body goes as text/plain, a "simple" request: no CORS preflight, as with the beacon.
    // Keepalive (to outlive the page) is refused above 64 KB: 21,000 characters stay below it
    // even at 3 bytes each. Only an event bigger than a batch goes without.
    const status = await fetch(endpoint, { method: 'POST', body, keepalive: body.length < 21e3 }).then(
      (r) => r.status,
      () => 0,
    )
    retryAt = 0
    if (status == 413 && batch[1]) limit = body.length / 2
    // Answered: processed (events it rejected are bad, not lost) or refused as bad; never resent.
    // (status % 429 is 0 for a network error, 0, and for 429 itself.)
    else if (status % 429 && status < 500) acknowledge(batch), (backoff = 0)
    // Network error, 429 or 5xx: the same events again later.
    else retryAt = Date.now() + (backoff = Math.min(backoff * 2 || 1e3, 6e4))
  }
}

setInterval(flush, 1e3)
on('pagehide', flush)
on('visibilitychange', () => flush(document.hidden))
// Back online: retry now rather than at the end of the backoff.
on('online', () => flush((retryAt = 0)))
