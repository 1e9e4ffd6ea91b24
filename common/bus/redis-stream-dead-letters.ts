/**
 * Dead letters on Redis Streams: the entries of the `<topic>_dlq` stream, kept whole as long as no
 * consumer group reads it (the bus trims a stream's history once every group of it has
 * acknowledged that history: a group reading dead letters would make them leave the list). A
 * replay moves each letter back onto the topic's stream with one script (replayDeadLetter-2.lua)
 * that appends it and deletes it from the dead-letter stream atomically, so a letter is replayed
 * once even when two replays run at the same time.
 */
import { join } from 'node:path'
import type { Redis } from '../clients/redis'
import { defineScript, loadScripts } from '../redis/scripts'
import { dlqTopic } from '../topics'
import { chooseDeadLetters, originalMessage, readDeadLetter } from './dead-letters'
import type { ReplayResult, StoredDeadLetter } from './port'
import { decodeEntry, entryFields, type StreamEntry } from './redis-stream-entries'

const scripts = loadScripts(join(import.meta.dir, 'lua'))
const page = 1000

export async function listDeadLetters(redis: Redis, topic: string): Promise<StoredDeadLetter[]> {
  const letters: StoredDeadLetter[] = []
  for (let from = '-'; ; ) {
    const entries = (await redis.xrange(dlqTopic(topic), from, '+', 'COUNT', page)) as StreamEntry[]
    letters.push(...entries.map((entry) => readDeadLetter(topic, decodeEntry(dlqTopic(topic), entry, 0).message)))
    if (entries.length < page) return letters
    from = `(${entries.at(-1)![0]}`
  }
}

export function deadLetterReplayer(redis: Redis) {
  const replayOne = defineScript(redis, scripts.get('replayDeadLetter'))
  return async (topic: string, ids: readonly string[] | 'all'): Promise<ReplayResult> => {
    const { chosen, notFound } = chooseDeadLetters(await listDeadLetters(redis, topic), ids)
    const replayed: string[] = []
    for (const letter of chosen) {
      const appended = await replayOne([dlqTopic(topic), topic], [letter.id, ...entryFields(originalMessage(letter))])
      if (appended) replayed.push(letter.id)
      else notFound.push(letter.id) // another replay took it meanwhile
    }
    return { replayed, notFound }
  }
}
