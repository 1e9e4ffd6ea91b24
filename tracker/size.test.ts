/**
 * The size budget: axon.js goes on every storefront page, so it must stay at most 1.5 KB after
 * `gzip -9` (Plausible is ~1 KB with fewer features, Umami 2.3 KB without batching).
 */
import { expect, test } from 'bun:test'
import { buildTracker, gzippedSize } from './build'

const budget = 1536

test(`axon.js is at most ${budget} bytes gzipped, one minified IIFE without a source map`, async () => {
  const code = await buildTracker()
  const size = gzippedSize(code)
  console.log(`axon.js: ${code.length} bytes minified, ${size} bytes gzipped (budget ${budget}, ${budget - size} left)`)
  expect(size).toBeLessThanOrEqual(budget)
  expect(code).toStartWith('(()=>{')
  expect(code).not.toContain('sourceMappingURL')
})
