/**
 * Runs a test fixture (`bun test/fixtures/<name>.ts '<settings JSON>'`) as a child process and
 * resolves once it prints "ready", so a test can kill it the way production dies (SIGKILL).
 */
import { projectRoot } from '../../common/config'

/** `env`, when given, is the child's whole environment (childEnvironment builds one from this process's). */
export async function startReadyProcess(fixture: string, settings: unknown, env?: Record<string, string>) {
  const child = Bun.spawn([process.execPath, fixture, JSON.stringify(settings)], { cwd: projectRoot, env, stdout: 'pipe', stderr: 'inherit' })
  const reader = child.stdout.getReader()
  let seen = ''
  while (!seen.includes('ready')) {
    const { value, done } = await reader.read()
    if (done) throw new Error(`${fixture} exited before it was ready (exit ${await child.exited})`)
    seen += new TextDecoder().decode(value)
  }
  reader.releaseLock()
  return child
}
