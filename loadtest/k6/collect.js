/*
 * Storefront traffic into /collect: every iteration is one shopper's tracker flushing a batch of
 * behaviour events (page views, clicks, scrolls, custom events on one campaign activity), as
 * axon.js posts them. Some batches are sent twice, as a tracker retries after a lost answer; some
 * events are malformed, as an outdated or tampered tracker sends them. Every batch must be
 * answered 200 with the valid events accepted and each malformed one reported back by its index.
 *
 *   k6 run -e BASE_URL=http://localhost:8081 loadtest/k6/collect.js
 *   bun loadtest/k6-compat/run.ts loadtest/k6/collect.js   (smoke run, not k6)
 *
 * -e settings:
 *   BASE_URL        gateway (http://localhost:8081)
 *   ACTIVITY_ID     activity the events name (1); CAMPAIGN_ID its campaign (1)
 *   VUS             shoppers flushing at the same time (50)
 *   DURATION        how long (30s); or ITERATIONS for a fixed number of batches
 *   BATCH           events per batch (20)
 *   RESEND_SHARE    share of batches sent a second time (0.05)
 *   MALFORMED_SHARE share of events with an unknown trigger type (0.02)
 *   THINK_SECONDS   pause between a shopper's batches (0)
 *
 * Each VU sends its own X-Forwarded-For address, so a gateway started with AXON_TRUSTED_PROXY_HOPS=1
 * limits each shopper on their own (AXON_COLLECT_RATE_LIMIT per address); without it every VU is
 * one client, and past the limit the gateway answers 429, which this script counts as failures.
 * What the sink then stores is counted exactly once per eventId; compare the dashboard's counts
 * for the activity before and after a run.
 */
import http from 'k6/http'
import { check, sleep } from 'k6'

const BASE_URL = __ENV.BASE_URL || 'http://localhost:8081'
const ACTIVITY_ID = Number(__ENV.ACTIVITY_ID || 1)
const CAMPAIGN_ID = Number(__ENV.CAMPAIGN_ID || 1)
const VUS = Number(__ENV.VUS || 50)
const BATCH = Number(__ENV.BATCH || 20)
const RESEND_SHARE = Number(__ENV.RESEND_SHARE || 0.05)
const MALFORMED_SHARE = Number(__ENV.MALFORMED_SHARE || 0.02)
const THINK_SECONDS = Number(__ENV.THINK_SECONDS || 0)
const TRIGGERS = ['PAGE_VIEW', 'PAGE_VIEW', 'CLICK', 'SCROLL', 'CUSTOM']

export const options = {
  vus: VUS,
  ...(__ENV.ITERATIONS ? { iterations: Number(__ENV.ITERATIONS) } : { duration: __ENV.DURATION || '30s' }),
  thresholds: {
    checks: ['rate>0.99'],
    http_req_failed: ['rate<0.01'],
    http_req_duration: ['p(95)<250', 'p(99)<500'],
  },
}

/** a run-unique prefix, so a second run's events are new events rather than duplicates */
const run = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`

function event(i, malformed) {
  const triggerType = malformed ? 'HOVER' : TRIGGERS[i % TRIGGERS.length]
  return {
    eventId: `k6-${run}-${__VU}-${__ITER}-${i}`,
    triggerType,
    occurredAt: new Date().toISOString(),
    anonymousId: `k6-${run}-visitor-${__VU}`,
    sessionId: `k6-${run}-session-${__VU}`,
    pageUrl: `https://shop.example/products/${1 + (i % 7)}`,
    campaignId: CAMPAIGN_ID,
    activityId: ACTIVITY_ID,
    properties: triggerType === 'SCROLL' ? { scrollDepth: 25 * (1 + (i % 4)) } : triggerType === 'CUSTOM' ? { name: 'add_to_wishlist' } : {},
  }
}

function post(body) {
  return http.post(`${BASE_URL}/collect`, body, {
    // what axon.js sends: text/plain needs no CORS preflight
    headers: { 'Content-Type': 'text/plain;charset=UTF-8', 'X-Forwarded-For': `10.${(__VU >> 16) & 255}.${(__VU >> 8) & 255}.${__VU & 255}` },
  })
}

export default function () {
  const malformed = []
  const events = []
  for (let i = 0; i < BATCH; i++) {
    const bad = Math.random() < MALFORMED_SHARE
    if (bad) malformed.push(i)
    events.push(event(i, bad))
  }
  const body = JSON.stringify({ events })
  const answers = [post(body)]
  if (Math.random() < RESEND_SHARE) answers.push(post(body))

  for (const res of answers) {
    const ok = res.status === 200
    check(res, {
      'collect: 200': () => ok,
      'collect: every valid event accepted': () => ok && res.json('accepted') === BATCH - malformed.length,
      'collect: every malformed event reported by index as INVALID_EVENT': () => {
        if (!ok) return false
        const rejected = res.json('rejected')
        return rejected.length === malformed.length && rejected.every((r, k) => r.index === malformed[k] && r.code === 'INVALID_EVENT' && r.message.length > 0)
      },
    })
  }
  if (THINK_SECONDS > 0) sleep(THINK_SECONDS)
}
