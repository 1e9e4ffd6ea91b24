/** How far a consumer group of the Redis Streams bus is behind its stream, for tests that wait for a drain. */
import type { Redis } from 'ioredis'
import { fieldsOf } from '../../common/bus/redis-stream-backlog'

/** True once the group was handed every entry of the stream and acknowledged them all. */
export async function groupCaughtUp(redis: Redis, topic: string, group: string): Promise<boolean> {
  const [stream, groups] = await Promise.all([redis.xinfo('STREAM', topic), redis.xinfo('GROUPS', topic)])
  const ours = (groups as unknown[][]).map(fieldsOf).find((g) => g.name === group)
  return ours !== undefined && Number(ours.pending) === 0 && ours['last-delivered-id'] === fieldsOf(stream as unknown[])['last-generated-id']
}

/** Entries handed to the group's consumers and not acknowledged yet. */
export async function pendingEntries(redis: Redis, topic: string, group: string): Promise<number> {
  const [count] = (await redis.xpending(topic, group)) as [number, ...unknown[]]
  return Number(count)
}
