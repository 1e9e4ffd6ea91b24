/**
 * Bun 1.4.5's `diagnostics_channel.TracingChannel` lacks Node's `hasSubscribers` getter (Node
 * 20+: true when any of its five channels has a subscriber). ioredis 6 asks it before every
 * command (`channel.hasSubscribers !== false`), reads `undefined` as "someone listens", and wraps
 * every command in `tracePromise` with a sanitised copy of its arguments, for traces nobody reads:
 * 0.6–1.1 µs of CPU per command (3.0–3.5 µs per pipelined GET with the getter, 3.8–4.1 without).
 * /collect sends one XADD per event and took 3–10 % more events/s with it; the reservation path,
 * one EVALSHA per request, gains about 2 %, within its noise. This module adds the getter, as Node
 * defines it, where it is missing. Imported by every module that loads ioredis; its test fails once
 * Bun has the getter itself, so this can go.
 */
import dc from 'node:diagnostics_channel'

const parts = ['start', 'end', 'asyncStart', 'asyncEnd', 'error'] as const
type Parts = Record<(typeof parts)[number], { hasSubscribers: boolean }>

const prototype = Object.getPrototypeOf(dc.tracingChannel('axon:probe')) as object

export const tracingChannelPolyfilled = !('hasSubscribers' in prototype)

if (tracingChannelPolyfilled) {
  Object.defineProperty(prototype, 'hasSubscribers', {
    configurable: true,
    get(this: Parts) {
      return parts.some((part) => this[part]?.hasSubscribers)
    },
  })
}
