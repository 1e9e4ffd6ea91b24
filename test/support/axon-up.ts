/**
 * A child `./axon up` as a user runs it, with its own data folder and its own ports for everything
 * (so it never touches this test run's servers, nor a running `up`), resolved once it reports
 * ready. Everything it prints is kept for a failing test to show.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { projectRoot } from '../../common/config'
import { childEnvironment } from '../../common/config/child-env'
import { freePorts } from './free-ports'
import { waitFor } from './wait'

function collect(stream: ReadableStream<Uint8Array>, into: { text: string }) {
  const decoder = new TextDecoder()
  void stream.pipeTo(new WritableStream({ write: (chunk) => void (into.text += decoder.decode(chunk, { stream: true })) }))
}

export async function startAxonUp(readyTimeoutMs: number) {
  const dataDir = mkdtempSync(join(tmpdir(), 'axon-up-'))
  const [redisPort, mysqlPort, gatewayPort, corePort, analyticsPort] = (await freePorts(5)) as [number, number, number, number, number]
  const env = childEnvironment({
    env: 'development',
    dataDir,
    // empty URLs: `up` must start servers of its own, not use this test run's
    redisUrl: '',
    mysqlUrl: '',
    embeddedRedisPort: redisPort,
    embeddedMysqlPort: mysqlPort,
    gatewayPort,
    corePort,
    analyticsPort,
    coreUrl: '',
    userJwtSecret: '',
    internalToken: '',
  })
  const output = { text: '' }
  const child = Bun.spawn(['./axon', 'up'], { cwd: projectRoot, env, stdio: ['ignore', 'pipe', 'pipe'] })
  collect(child.stdout, output)
  collect(child.stderr, output)
  const up = {
    child, env, dataDir, output,
    ports: { redisPort, mysqlPort, gatewayPort, corePort, analyticsPort },
    /** SIGTERM if it still runs, then its data folder removed */
    async remove() {
      if (child.exitCode === null) {
        child.kill('SIGTERM')
        await child.exited
      }
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
  try {
    await waitFor(
      () => {
        if (child.exitCode !== null) throw new Error(`./axon up exited with ${child.exitCode}:\n${output.text}`)
        return output.text.includes('Axon is up')
      },
      { timeoutMs: readyTimeoutMs, intervalMs: 100, what: './axon up to report ready' },
    )
  } catch (error) {
    await up.remove()
    throw error
  }
  return up
}
