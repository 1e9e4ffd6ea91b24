/**
 * How far a consumer group is behind a Kafka topic: per partition, the high watermark less the
 * group's committed offset (less the low watermark where the group has committed nothing; a new
 * group reads from the beginning). Committed offsets move when messages are acknowledged, so this
 * counts both the messages not handed out yet and those handed out and not acknowledged.
 */
import type { Admin } from 'kafkajs'

export async function topicBacklog(admin: Admin, topic: string, group: string): Promise<number> {
  let ends: Awaited<ReturnType<Admin['fetchTopicOffsets']>>
  try {
    ends = await admin.fetchTopicOffsets(topic)
  } catch (error) {
    if ((error as { type?: string }).type === 'UNKNOWN_TOPIC_OR_PARTITION') return 0 // nothing published yet
    throw error
  }
  const [committed] = await admin.fetchOffsets({ groupId: group, topics: [topic] })
  const byPartition = new Map(committed?.partitions.map((p) => [p.partition, Number(p.offset)]))
  return ends.reduce((total, p) => {
    const offset = byPartition.get(p.partition) ?? -1
    return total + Math.max(0, Number(p.high) - (offset >= 0 ? offset : Number(p.low)))
  }, 0)
}
