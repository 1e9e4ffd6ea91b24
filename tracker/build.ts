/**
 * Builds axon.js: one minified IIFE, no source map. The gateway serves the result at GET /axon.js
 * (it calls buildTracker); `bun tracker/build.ts` writes tracker/dist/axon.js and prints its size.
 */
import { gzipSync } from 'bun'

export async function buildTracker(): Promise<string> {
  const result = await Bun.build({
    entrypoints: [`${import.meta.dir}/src/index.ts`],
    target: 'browser',
    format: 'iife',
    minify: true,
    sourcemap: 'none',
  })
  if (!result.success) throw new AggregateError(result.logs, 'tracker build failed')
  return result.outputs[0]!.text()
}

/** What the size budget counts: bytes after `gzip -9`. */
export const gzippedSize = (code: string) => gzipSync(code, { level: 9 }).length

if (import.meta.main) {
  const code = await buildTracker()
  const out = `${import.meta.dir}/dist/axon.js`
  await Bun.write(out, code)
  console.log(`${out}: ${code.length} bytes, ${gzippedSize(code)} gzipped`)
}
