/**
 * Microbenchmark of shopper-token verification, the largest item in the gateway's profile:
 * microseconds per token for the product's verifier (fast-jwt, no cache) and for fast-jwt with a
 * 10,000-token cache (what the gateway used before), on distinct tokens (a flash sale: each
 * shopper shows up once or twice) and on 100 tokens shown over and over (what a cache is for).
 *
 *   bun loadtest/bench/jwt-verify.ts
 */
import { randomBytes } from 'node:crypto'
import { createVerifier } from 'fast-jwt'
import { shopperTokens } from '../../common/auth/shopper-token'

/** ten times the cache: a sequential pass over them never finds a token still cached */
const count = 100_000
const secret = randomBytes(48).toString('base64url')
const signer = shopperTokens(secret)
const tokens = Array.from({ length: count }, (_, i) => signer.sign(i + 1))
const headers = tokens.map((t) => `Bearer ${t}`)

/** µs per call over `count` calls, after two unmeasured rounds so the JIT has settled */
function measure(verify: (i: number) => unknown): number {
  let us = 0
  for (let round = 0; round < 3; round++) {
    const started = performance.now()
    for (let i = 0; i < count; i++) verify(i)
    us = ((performance.now() - started) * 1000) / count
  }
  return us
}

const distinct = (i: number) => i
const sameHundred = (i: number) => i % 100

// a verifier of its own per row, so no row's cache serves another's tokens
function productRow(pick: (i: number) => number): number {
  const verifier = shopperTokens(secret)
  return measure((i) => verifier.verify(headers[pick(i)]))
}

function cachedRow(pick: (i: number) => number): number {
  const verifier = createVerifier({ key: secret, algorithms: ['HS256'], cache: 10_000 })
  return measure((i) => verifier(tokens[pick(i)]!))
}

const rows: [string, number][] = [
  ['product verifier (fast-jwt, no cache), distinct tokens', productRow(distinct)],
  ['fast-jwt with cache 10,000, distinct tokens', cachedRow(distinct)],
  ['product verifier, the same 100 tokens again and again', productRow(sameHundred)],
  ['fast-jwt with cache 10,000, the same 100 tokens', cachedRow(sameHundred)],
]

console.log(`HS256 shopper tokens, ${count.toLocaleString('en')} per row, Bun ${Bun.version}`)
for (const [what, us] of rows) console.log(`${us.toFixed(2).padStart(8)} µs/token  ${what}`)
