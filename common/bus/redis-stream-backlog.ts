/**
 * How far a consumer group is behind its stream: entries not yet delivered to the group (XINFO
 * GROUPS `lag`, Redis 7+) plus entries delivered and not acknowledged (`pending`).
 */
import type { Redis } from '../clients/redis'

/** An XINFO reply ([name, value, name, value, …]) as an object. */
export const fieldsOf = (reply: unknown[]): Record<string, unknown> =>
  Object.fromEntries(Array.from({ length: reply.length / 2 }, (_, i) => [reply[2 * i], reply[2 * i + 1]]))

export async function streamBacklog(redis: Redis, topic: string, group: string): Promise<number> {
  const [groups, length] = await Promise.all([
    redis.xinfo('GROUPS', topic).catch((error: Error) => {
      if (/no such key/i.test(error.message)) return [] // nothing published yet
      throw error
    }),
    redis.xlen(topic),
  ])
  const ours = (groups as unknown[][]).map(fieldsOf).find((g) => g.name === group)
  // a group that does not exist yet starts at the beginning (XGROUP CREATE … 0): everything waits
  if (!ours) return length
  // Redis cannot tell the lag after entries were deleted out of order; the stream's length bounds it
  const lag = ours.lag === null || ours.lag === undefined ? length : Number(ours.lag)
  return lag + Number(ours.pending)
}
