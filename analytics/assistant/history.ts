/**
 * What the assistant remembers of a marketer, in Redis: the last questions with their answers and
 * the tools each used (so "and last week?" knows what "it" was), bounded in number and kept for
 * hours after the last one; and the questions asked this clock hour, for the rate limit.
 */
import type { Redis } from '../../common/clients/redis'
import { assistantHistoryKey, assistantQuestionsKey } from '../../common/redis/keys'
import type { Turn } from './port'

export interface Exchange {
  question: string
  answer: string
  /** the tools the answer used, as `name {args}` */
  used: string[]
}

export interface HistoryLimits {
  questions: number
  hours: number
}

export function conversationHistory(redis: Redis, limits: HistoryLimits) {
  return {
    async recent(accountId: number): Promise<Exchange[]> {
      if (limits.questions === 0) return []
      const items = await redis.lrange(assistantHistoryKey(accountId), -limits.questions, -1)
      return items.map((item) => JSON.parse(item) as Exchange)
    },

    async add(accountId: number, exchange: Exchange): Promise<void> {
      if (limits.questions === 0) return
      const key = assistantHistoryKey(accountId)
      await redis
        .multi()
        .rpush(key, JSON.stringify(exchange))
        .ltrim(key, -limits.questions, -1)
        .expire(key, Math.round(limits.hours * 3600))
        .exec()
    },
  }
}

/** Earlier exchanges as the turns a model reads before the new question. */
export function historyTurns(exchanges: readonly Exchange[]): Turn[] {
  return exchanges.flatMap((e): Turn[] => [
    { role: 'user', text: e.question },
    { role: 'model', text: e.used.length ? `${e.answer}\n\n(Figures from: ${e.used.join('; ')})` : e.answer, toolCalls: [] },
  ])
}

const hourMs = 3_600_000

/** Questions per marketer and clock hour: a fixed window counted in Redis. */
export function questionLimit(redis: Redis, perHour: number) {
  return {
    /** Counts a question; 0 when it may be asked, else the seconds until the next hour begins. */
    async take(accountId: number, now = Date.now()): Promise<number> {
      const hour = Math.floor(now / hourMs)
      const key = assistantQuestionsKey(accountId, hour)
      const [[, count]] = (await redis.multi().incr(key).expire(key, 3600).exec()) as [[unknown, number]]
      return count <= perHour ? 0 : Math.ceil(((hour + 1) * hourMs - now) / 1000)
    },
  }
}
