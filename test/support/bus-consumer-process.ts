/**
 * Runs test/fixtures/bus-consumer.ts in a child process, so a test can kill a consumer the way
 * production kills one (SIGKILL: no acknowledgement, no leaving the group, sockets just close).
 */
import type { BusSettings } from '../../common/bus'
import type { SubscribeOptions } from '../../common/bus/port'
import { projectRoot } from '../../common/config'

/** Starts the consumer and resolves once it holds a batch it will never answer. */
export async function startHoldingConsumer(settings: BusSettings, subscription: Omit<SubscribeOptions, 'handler'>, publish: () => Promise<void>) {
  const child = Bun.spawn([process.execPath, 'test/fixtures/bus-consumer.ts', JSON.stringify({ settings, subscription })], {
    cwd: projectRoot,
    stdout: 'pipe',
    stderr: 'inherit',
  })
  const reader = child.stdout.getReader()
  const decoder = new TextDecoder()
  let seen = ''
  let published = false
  while (!/holding \d+/.test(seen)) {
    if (!published && seen.includes('subscribed')) {
      published = true
      await publish()
    }
    const { value, done } = await reader.read()
    if (done) throw new Error(`the consumer process exited before it held a batch (exit ${await child.exited})`)
    seen += decoder.decode(value, { stream: true })
  }
  reader.releaseLock()
  return { held: Number(/holding (\d+)/.exec(seen)![1]), child }
}
