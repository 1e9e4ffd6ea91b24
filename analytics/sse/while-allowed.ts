/**
 * A live stream that ends once its viewer may no longer watch: signed out, the account disabled,
 * or the campaign taken out of its scope. `allowed` is asked every `everyMs` — on a timer, so a
 * quiet stream (a heartbeat every 15 s) ends as promptly as a busy one — and the stream stops at
 * the first no. Its end aborts `source` (give the source that signal), so the source lets go at
 * once instead of at its next chunk; the timer is cleared.
 */
export async function* whileAllowed<T>(
  watch: (signal: AbortSignal) => AsyncIterable<T>,
  { allowed, everyMs, signal }: { allowed: () => Promise<boolean>; everyMs: number; signal: AbortSignal },
): AsyncGenerator<T> {
  const source = new AbortController()
  const chunks = watch(AbortSignal.any([signal, source.signal]))[Symbol.asyncIterator]()
  let timer: ReturnType<typeof setTimeout> | undefined
  const nextTick = () => new Promise<'tick'>((resolve) => (timer = setTimeout(() => resolve('tick'), everyMs)))
  let next = chunks.next()
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
      next = chunks.next()
    }
  } finally {
    clearTimeout(timer)
    source.abort()
    next.catch(() => {})
  }
}
