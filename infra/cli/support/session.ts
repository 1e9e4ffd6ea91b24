/**
 * What one `./axon` command started, stopped in reverse order when the command ends, fails or is
 * interrupted: servers are registered before the processes that use them, so processes stop first.
 */
import { warn } from '../../local/report'

interface Stopper {
  name: string
  stop: () => Promise<void>
}

const stoppers: Stopper[] = []

export function stopWhenDone(name: string, stop: () => Promise<void>): void {
  stoppers.push({ name, stop })
}

export async function stopEverything(): Promise<void> {
  for (let s = stoppers.pop(); s; s = stoppers.pop()) {
    try {
      await s.stop()
    } catch (error) {
      warn(`could not stop ${s.name}: ${(error as Error).message}`)
    }
  }
}

let signalled: (signal: string) => void = () => {}

/** Resolves with the signal's name on the first SIGINT/SIGTERM; later ones are ignored while we stop. */
export const interrupted: Promise<string> = new Promise((resolve) => (signalled = resolve))

export function listenForSignals(): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => signalled(signal))
}

/** For commands whose work is to keep servers up until Ctrl-C; main stops them on the signal. */
export function untilInterrupted(): Promise<number> {
  // a pending promise alone does not keep Bun running, and a shared server is not our child
  setInterval(() => {}, 3_600_000)
  return new Promise(() => {})
}
