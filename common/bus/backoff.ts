/**
 * Waiting out an unavailable dependency without losing the messages in hand: exponential backoff
 * capped at a few seconds, cut short by stop(), and a keep-alive so that the broker does not hand
 * the batch to another consumer while we wait (XCLAIM JUSTID on Redis, a heartbeat on Kafka).
 */
import type { Logger } from '../log'

const firstDelayMs = 100
const longestDelayMs = 5000

export const backoffMs = (attempt: number) => Math.min(longestDelayMs, firstDelayMs * 2 ** attempt)

export interface Holding {
  signal: AbortSignal
  /** renews our claim on the messages in hand; called at least every `keepAliveEveryMs` */
  keepAlive: () => Promise<unknown>
  keepAliveEveryMs: number
}

/** Sleeps `ms` (or until stopped), renewing the claim on the batch in hand meanwhile. */
export async function holdFor(ms: number, { signal, keepAlive, keepAliveEveryMs }: Holding): Promise<void> {
  const until = Date.now() + ms
  while (!signal.aborted && Date.now() < until) {
    await sleep(Math.min(keepAliveEveryMs, until - Date.now()), signal)
    // a failed renewal is no reason to stop waiting: the broker is likely what we are waiting for
    if (!signal.aborted) await keepAlive().catch(() => {})
  }
}

/** Sleeps `ms`, or less if `signal` aborts first. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer)
      signal.removeEventListener('abort', done)
      resolve()
    }
    const timer = setTimeout(done, Math.max(0, ms))
    signal.addEventListener('abort', done, { once: true })
  })
}

/**
 * Runs a step until it succeeds, backing off between failures. Used for the handler, whose throw
 * means a dependency is down (BatchHandler's contract: the same batch is offered again, and no
 * delivery is counted), and for broker steps (acknowledge, dead-letter). Always tries once, so a
 * batch fetched before stop() still finishes; resolves undefined when a failure meets stop(), and
 * the batch then stays unacknowledged for a later consumer.
 */
export async function persist<T>(step: () => Promise<T>, what: string, holding: Holding, log: Logger): Promise<T | undefined> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await step()
    } catch (error) {
      if (holding.signal.aborted) return undefined
      const delayMs = backoffMs(attempt)
      log.warn(`${what} failed; retrying`, { attempt, delayMs, error })
      await holdFor(delayMs, holding)
    }
  }
}
