/**
 * A live stream that ends once its viewer may no longer watch: signed out, the account disabled,
 * or the campaign taken out of its scope. `allowed` is asked every `everyMs` — on a timer, so a
 * quiet stream (a heartbeat every 15 s) ends as promptly as a busy one — and the stream stops at
 * the first no; the source is then let go without waiting for its next chunk.
 */
export async function* whileAllowed<T>(chunks: AsyncIterable<T>, allowed: () => Promise<boolean>, everyMs: number): AsyncGenerator<T> {
  const source = chunks[Symbol.asyncIterator]()
  const nextTick = () => Bun.sleep(everyMs).then(() => 'tick' as const)
  let next = source.next()
  let ticking = nextTick()
  try {
    for (;;) {
      const result = await Promise.race([next, ticking])
      if (result === 'tick') {
        if (!(await allowed())) return
        ticking = nextTick()
        continue
      }
      if (result.done) return
      yield result.value
      next = source.next()
    }
  } finally {
    // a source waiting for its next chunk finishes then; the stream does not wait for it
    source.return?.().catch(() => {})
  }
}
