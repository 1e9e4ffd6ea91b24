/**
 * The shopper pool wrk rotates through: one credential per line, shopper ids 1…N. Each shopper
 * reserves once per activity (reusing one would measure ALREADY_ENTERED), and every run publishes
 * a fresh activity, so the same pool serves the warm-up and each measured run.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { shopperTokens } from '../../common/auth/shopper-token'

export interface ShopperPools {
  /** path of the file for this kind of credential, written on first use */
  file(kind: 'jwt' | 'user-id'): Promise<string>
  remove(): void
}

/** A JWT outlives any run: a token expiring mid-run would turn into 401s. */
const tokenTtlSeconds = 24 * 3600

export function shopperPools(count: number, jwtSecret: string, progress: (line: string) => void): ShopperPools {
  const dir = mkdtempSync(join(tmpdir(), 'axon-bench-'))
  const written = new Map<string, Promise<string>>()

  async function write(kind: 'jwt' | 'user-id'): Promise<string> {
    const started = performance.now()
    const tokens = kind === 'jwt' ? shopperTokens(jwtSecret) : null
    const lines = new Array<string>(count)
    for (let i = 0; i < count; i++) lines[i] = tokens ? tokens.sign(i + 1, tokenTtlSeconds) : String(i + 1)
    const path = join(dir, `shoppers-${kind}.txt`)
    await Bun.write(path, lines.join('\n') + '\n')
    const what = tokens ? 'signed JWTs' : 'shopper ids'
    progress(`${count.toLocaleString('en')} ${what} written in ${((performance.now() - started) / 1000).toFixed(1)} s`)
    return path
  }

  return {
    file(kind) {
      let pending = written.get(kind)
      if (!pending) {
        pending = write(kind)
        written.set(kind, pending)
      }
      return pending
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  }
}
