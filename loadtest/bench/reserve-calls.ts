/** Reserve calls straight to the script, for the benchmarks that measure what Redis does per reservation. */
import { statSync } from 'node:fs'
import { join, resolve } from 'node:path'

/** Any checkout's reserve wrapper (gateway/lua/scripts.ts): older ones are called the same way. */
export interface ReserveScript {
  reserve(a: { activityId: number; userId: number; token: string; now: number; ttlMs: number }): Promise<[number, ...unknown[]]>
}

/** A checkout's reserve script and reservation tokens, made as that checkout's gateway makes them. */
export interface CheckoutReserve {
  /** older checkouts take (redis), newer (redis, { outbox }) */
  reservationScripts: (redis: unknown, o: { outbox: string }) => ReserveScript
  token: (activityId: number, now: number) => string
}

/** The `--checkout DIR` flag's value as an absolute path, refused unless it holds a reservation script wrapper. */
export function checkoutDir(value: string): string {
  const checkout = resolve(value)
  if (!statSync(join(checkout, 'gateway/lua/scripts.ts'), { throwIfNoEntry: false })) throw new Error(`${checkout} has no gateway/lua/scripts.ts`)
  return checkout
}

export async function checkoutReserve(checkout: string): Promise<CheckoutReserve> {
  const { reservationScripts } = await import(join(checkout, 'gateway/lua/scripts.ts'))
  const keys = await import(join(checkout, 'common/redis/keys.ts'))
  const { randomId } = await import(join(checkout, 'common/random-id.ts'))
  // a checkout with heldAtOfToken puts the hold's time in the token; an older one takes (id, random)
  const token = keys.heldAtOfToken
    ? (activityId: number, now: number) => keys.reservationToken(activityId, now)
    : (activityId: number) => keys.reservationToken(activityId, randomId())
  return { reservationScripts, token }
}

/**
 * `calls` RESERVED answers for shoppers `firstUserId`, `firstUserId + 1`, … from `concurrency`
 * callers at once, each with a token as the checkout's gateway makes it; any other answer throws
 * (the activity needs the stock).
 */
export async function reserveMany(
  scripts: ReserveScript,
  token: CheckoutReserve['token'],
  activityId: number,
  { firstUserId = 1, calls, concurrency }: { firstUserId?: number; calls: number; concurrency: number },
) {
  let next = firstUserId
  const end = firstUserId + calls
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let userId = next++; userId < end; userId = next++) {
        const now = Date.now()
        const reply = await scripts.reserve({ activityId, userId, token: token(activityId, now), now, ttlMs: 3_600_000 })
        if (reply[0] !== 1) throw new Error(`reserve answered ${reply[0]}`)
      }
    }),
  )
}
