import { expect, test } from 'bun:test'
import dc from 'node:diagnostics_channel'
import { tracingChannelPolyfilled } from './tracing-channel'

test('TracingChannel.hasSubscribers: false until one of its channels has a subscriber, as in Node', () => {
  const channel = dc.tracingChannel(`axon:test:${crypto.randomUUID()}`) as unknown as { hasSubscribers: boolean; asyncEnd: { name: string } }
  expect(channel.hasSubscribers).toBe(false)
  const listener = () => {}
  dc.subscribe(channel.asyncEnd.name, listener)
  expect(channel.hasSubscribers).toBe(true)
  dc.unsubscribe(channel.asyncEnd.name, listener)
  expect(channel.hasSubscribers).toBe(false)
})

test('Bun still lacks the getter (when this fails, Bun has it: delete tracing-channel.ts and its imports)', () => {
  expect(tracingChannelPolyfilled).toBe(true)
})

test('ioredis still traces its commands for whoever subscribes', async () => {
  const { createRedis } = await import('../clients/redis')
  const redis = createRedis({ name: 'tracing-test' })
  const traced: string[] = []
  const listener = (message: unknown) => void traced.push((message as { command: string }).command)
  try {
    await redis.ping()
    dc.subscribe('tracing:ioredis:command:start', listener)
    await redis.ping()
  } finally {
    dc.unsubscribe('tracing:ioredis:command:start', listener)
    await redis.quit()
  }
  expect(traced).toEqual(['ping'])
})
