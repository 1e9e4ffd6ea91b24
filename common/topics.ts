/**
 * Bus topic names. With the Redis Streams bus a topic is a stream key of the same name; with
 * Kafka it is a topic. Every input topic has a `_dlq` sibling where poison messages end up.
 */
export const topics = {
  /** Confirmed FCFS entries, written by confirm.lua (the outbox) and applied by core workers. */
  campaignActivityCommand: 'axon.campaign-activity.command',
  /** Behaviour events from the tracker (via /collect) and from the backend (core's outbox). */
  eventRaw: 'axon.event.raw',
} as const

export type Topic = (typeof topics)[keyof typeof topics]

export const dlqTopic = (topic: string) => `${topic}_dlq`

/** Consumer groups, one per consuming role. */
export const groups = {
  coreCommandWorkers: 'core-command-workers',
  analyticsSink: 'analytics-behavior-sink',
  /** the gateway's forwarder of the command outbox stream to Kafka (AXON_BUS=kafka only) */
  commandOutboxForwarder: 'gateway-command-outbox-forwarder',
} as const

/**
 * The stream confirm.lua appends commands to. On the Redis bus it is the command topic itself; on
 * Kafka it is a Redis stream that the gateway forwards to the Kafka topic (the payment must be
 * recorded in the same atomic step as the hold it consumes, and that step runs in Redis).
 */
export function commandOutbox(bus: 'redis' | 'kafka' | string): string {
  return bus === 'kafka' ? `${topics.campaignActivityCommand}.outbox` : topics.campaignActivityCommand
}
