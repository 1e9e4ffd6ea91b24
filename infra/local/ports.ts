/** Port checks, so a taken port is reported by name before anything half-starts. */
import { createServer } from 'node:net'
import { SetupError } from './report'

/** True when nothing listens on `port`: binding 0.0.0.0 fails if any address family holds it. */
export function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer()
    probe.once('error', () => resolve(false))
    probe.listen({ port, host: '0.0.0.0', exclusive: true }, () => probe.close(() => resolve(true)))
  })
}

/**
 * Throws a SetupError naming the port, what wanted it and the setting that moves it.
 * `alternative` is one more way out, such as pointing at a server of the user's own.
 */
export async function requireFreePort(port: number, what: string, setting: string, alternative = ''): Promise<void> {
  if (await portIsFree(port)) return
  const orElse = alternative ? `, or ${alternative}` : ''
  throw new SetupError(`port ${port} is already in use, so ${what} cannot listen there. Stop whatever holds it, set ${setting} to a free port${orElse}.`)
}
