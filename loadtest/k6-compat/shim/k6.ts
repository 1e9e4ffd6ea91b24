/**
 * The `k6` module as a VU sees it: check (results go to the runner's `checks` metric), sleep
 * (blocks only this VU's thread), group (runs its function; groups are not reported) and fail.
 */
type Checks = Record<string, boolean | ((value: unknown) => unknown)>

export function k6Module(report: (name: string, ok: boolean) => void) {
  return {
    /** true when every check passed; a check that throws propagates, as in k6 */
    check(value: unknown, checks: Checks, _tags?: Record<string, string>): boolean {
      let all = true
      for (const [name, predicate] of Object.entries(checks)) {
        const ok = Boolean(typeof predicate === 'function' ? predicate(value) : predicate)
        report(name, ok)
        all &&= ok
      }
      return all
    },
    sleep(seconds: number) {
      Bun.sleepSync(seconds * 1000)
    },
    group<T>(_name: string, fn: () => T): T {
      return fn()
    },
    fail(message = ''): never {
      throw new Error(message)
    },
  }
}
