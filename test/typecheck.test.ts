/** The whole project type-checks under the strict tsconfig: Bun runs TypeScript without checking it. */
import { expect, test } from 'bun:test'
import { projectRoot } from '../common/config'

test('tsc --noEmit finds no type errors', async () => {
  const child = Bun.spawn([process.execPath, 'node_modules/typescript/bin/tsc', '--noEmit', '-p', '.'], { cwd: projectRoot, stdout: 'pipe', stderr: 'pipe' })
  const [stdout, stderr, code] = await Promise.all([new Response(child.stdout).text(), new Response(child.stderr).text(), child.exited])
  expect(stdout + stderr).toBe('')
  expect(code).toBe(0)
}, 300_000)
