/**
 * Maps over items with at most `limit` calls in flight, in input order. Unlike Promise.all it
 * waits for every call to settle before rejecting, so no work of a failed batch is still running
 * when the batch is retried.
 */
export async function mapBounded<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length)
  const failures: unknown[] = []
  let next = 0
  const lane = async () => {
    while (next < items.length) {
      const index = next++
      try {
        results[index] = await fn(items[index]!)
      } catch (error) {
        failures.push(error)
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane))
  if (failures.length) throw failures[0]
  return results
}
