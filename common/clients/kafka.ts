/**
 * Kafka clients (kafkajs), with kafkajs's logs routed to ours and one workaround, applied once
 * when this module loads (see `stopIdlePendingRequestChecks`).
 */
import { createRequire } from 'node:module'
import { Kafka, logLevel, type LogEntry } from 'kafkajs'
import type { Logger } from '../log'

export type { Kafka }

export interface KafkaOptions {
  brokers: string[]
  clientId: string
  log: Logger
}

interface RequestQueueInternals {
  pending: unknown[]
  throttledUntil: number
  throttleCheckTimeoutId: ReturnType<typeof setTimeout> | null
  checkPendingRequests(): void
  scheduleCheckPendingRequests(): void
}

/** kafkajs's own interval for re-checking a queue whose throttle has (nearly) lapsed */
const pendingRecheckMs = 10

/**
 * kafkajs 2.2.4 `RequestQueue.scheduleCheckPendingRequests` computes its delay as
 * `throttledUntil - Date.now()` with `throttledUntil = -1` when the broker never throttled, and
 * schedules the check even when no request is waiting. The delay is about -1.7e12 ms: Bun (like
 * Node 23+) prints `TimeoutNegativeWarning` and clamps it to 1 ms, and since every check
 * schedules the next one, each broker connection runs a timer every millisecond for the life of
 * the client (an idle consumer: ~43,000 timer callbacks and 350 ms of CPU per 10 s; with this
 * fix 6 and 140 ms). Upstream: tulios/kafkajs#1751, #1704, PRs #1755/#1768 (unmerged).
 *
 * The fix replaces that one method: schedule a check only when requests are waiting, after the
 * throttle lapses or after kafkajs's usual 10 ms. Nothing else waits on those checks: `push`
 * schedules one when it queues a request, and every response runs `checkPendingRequests` itself.
 * Remove this once kafkajs ships a fix.
 */
function stopIdlePendingRequestChecks() {
  const require = createRequire(import.meta.url)
  const RequestQueue = require('kafkajs/src/network/requestQueue/index.js') as { prototype: RequestQueueInternals }
  RequestQueue.prototype.scheduleCheckPendingRequests = function (this: RequestQueueInternals) {
    if (this.throttleCheckTimeoutId || this.pending.length === 0) return
    const untilUnthrottled = this.throttledUntil - Date.now()
    this.throttleCheckTimeoutId = setTimeout(
      () => {
        this.throttleCheckTimeoutId = null
        this.checkPendingRequests()
      },
      untilUnthrottled > 0 ? untilUnthrottled : pendingRecheckMs,
    )
  }
}

stopIdlePendingRequestChecks()

/** kafkajs is chatty at info (every join, every commit); that becomes our debug. */
function logCreatorFor(log: Logger) {
  return () =>
    ({ namespace, level, log: { message, timestamp: _timestamp, ...fields } }: LogEntry) => {
      const line = { kafka: namespace, ...fields }
      if (level === logLevel.ERROR) log.error(message, line)
      else if (level === logLevel.WARN) log.warn(message, line)
      else log.debug(message, line)
    }
}

export function createKafka({ brokers, clientId, log }: KafkaOptions): Kafka {
  return new Kafka({
    clientId,
    brokers,
    // kafkajs's 1 s default was too tight for a process starting many consumers at once (seen in
    // the contract suite); kafkajs retries either way, this spares the error logs
    connectionTimeout: 3000,
    logLevel: logLevel.INFO,
    logCreator: logCreatorFor(log),
  })
}
