/*
 * Flash-sale spike on one FCFS activity: every iteration is a shopper who presses "reserve" the
 * moment the sale opens and, when it gets a unit, pays for it. Stock smaller than the crowd is the
 * point: most shoppers must get a clean SOLD_OUT, never an error, and nobody may get a unit twice.
 *
 *   k6 run -e BASE_URL=http://localhost:8081 -e ACTIVITY_ID=1 loadtest/k6/reservation-spike.js
 *   bun loadtest/k6-compat/run.ts loadtest/k6/reservation-spike.js -e ACTIVITY_ID=1   (smoke run, not k6)
 *
 * -e settings:
 *   BASE_URL       gateway (http://localhost:8081)
 *   ACTIVITY_ID    the activity to reserve on (1: the demo's "first 100" activity)
 *   VUS            concurrent shoppers (200)
 *   ITERATIONS     shoppers in all (2000); set VUS/ITERATIONS here, not with --vus/--iterations,
 *                  because setup() sizes the shopper pool from them
 *   FIRST_USER_ID  first shopper id (100000); use a fresh range to run again on the same activity
 *   PAY_SECONDS    time a shopper takes to pay after reserving (0.5)
 *
 * setup() issues one token per shopper through POST /api/v1/dev/tokens (the gateway must run with
 * AXON_DEV_TOKENS=true), twice as many as ITERATIONS: k6 shares iterations between VUs unevenly,
 * and a VU that runs past its share of the pool reuses a shopper, who then gets ALREADY_ENTERED.
 */
import http from 'k6/http'
import { check, sleep } from 'k6'

const BASE_URL = __ENV.BASE_URL || 'http://localhost:8081'
const ACTIVITY_ID = Number(__ENV.ACTIVITY_ID || 1)
const VUS = Number(__ENV.VUS || 200)
const ITERATIONS = Number(__ENV.ITERATIONS || 2000)
const FIRST_USER_ID = Number(__ENV.FIRST_USER_ID || 100000)
const PAY_SECONDS = Number(__ENV.PAY_SECONDS || 0.5)
const SHOPPERS = 2 * ITERATIONS
const TOKENS_PER_BATCH = 100

const json = { 'Content-Type': 'application/json' }
/** 409 (SOLD_OUT, ALREADY_ENTERED) is an answer the sale expects, not a failed request */
const reserveAnswers = http.expectedStatuses(201, 409)

export const options = {
  vus: VUS,
  iterations: ITERATIONS,
  thresholds: {
    checks: ['rate>0.99'],
    http_req_failed: ['rate<0.01'],
    http_req_duration: ['p(95)<500', 'p(99)<1000'],
  },
}

export function setup() {
  const tokens = []
  for (let first = 0; first < SHOPPERS; first += TOKENS_PER_BATCH) {
    const batch = []
    for (let i = first; i < Math.min(first + TOKENS_PER_BATCH, SHOPPERS); i++) {
      batch.push(['POST', `${BASE_URL}/api/v1/dev/tokens`, JSON.stringify({ userId: FIRST_USER_ID + i }), { headers: json }])
    }
    for (const res of http.batch(batch)) {
      if (res.status !== 201) throw new Error(`POST /api/v1/dev/tokens answered ${res.status} (is AXON_DEV_TOKENS on?): ${res.body}`)
      tokens.push(res.json('token'))
    }
  }
  return { tokens }
}

export default function (data) {
  // VU v takes shoppers v-1, v-1+VUS, v-1+2·VUS, …: no two VUs share one
  const token = data.tokens[(__ITER * VUS + __VU - 1) % data.tokens.length]
  const bearer = { Authorization: `Bearer ${token}` }

  const reserve = http.post(`${BASE_URL}/api/v1/activities/${ACTIVITY_ID}/reservations`, null, { headers: bearer, responseCallback: reserveAnswers })
  const code = reserve.status === 201 ? 'RESERVED' : reserve.status === 409 ? reserve.json('code') : `HTTP ${reserve.status}`
  check(code, {
    'reserve: RESERVED, SOLD_OUT or ALREADY_ENTERED': (c) => c === 'RESERVED' || c === 'SOLD_OUT' || c === 'ALREADY_ENTERED',
  })
  if (reserve.status !== 201) return

  if (PAY_SECONDS > 0) sleep(PAY_SECONDS)
  const confirm = http.post(`${BASE_URL}/api/v1/payments/confirm`, JSON.stringify({ token: reserve.json('token') }), { headers: { ...json, ...bearer } })
  check(confirm, {
    'confirm: 200 CONFIRMED': (r) => r.status === 200 && r.json('status') === 'CONFIRMED',
  })
}
