/** Reserve calls straight to the script, for the benchmarks that measure what Redis does per reservation. */
import { reservationToken } from '../../common/redis/keys'

/** Any checkout's reserve wrapper (gateway/lua/scripts.ts): older ones are called the same way. */
export interface ReserveScript {
  reserve(a: { activityId: number; userId: number; token: string; now: number; ttlMs: number }): Promise<[number, ...unknown[]]>
}

/**
 * `calls` RESERVED answers for shoppers `firstUserId`, `firstUserId + 1`, … from `concurrency`
 * callers at once; any other answer throws (the activity needs the stock).
 */
export async function reserveMany(scripts: ReserveScript, activityId: number, { firstUserId = 1, calls, concurrency }: { firstUserId?: number; calls: number; concurrency: number }) {
  let next = firstUserId
  const end = firstUserId + calls
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let userId = next++; userId < end; userId = next++) {
        const reply = await scripts.reserve({ activityId, userId, token: reservationToken(activityId, `t${userId}`), now: Date.now(), ttlMs: 3_600_000 })
        if (reply[0] !== 1) throw new Error(`reserve answered ${reply[0]}`)
      }
    }),
  )
}
