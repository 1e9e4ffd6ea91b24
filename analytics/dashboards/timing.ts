/**
 * How long each part of a dashboard answer took, sent as the Server-Timing header: the browser's
 * developer tools show it, and the dashboards benchmark reads it to say where the time goes.
 */

/** part name → milliseconds */
export type PartTimes = Record<string, number>

/** Runs `work`, recording its time under `part` when `times` is given. */
export async function timed<T>(times: PartTimes | undefined, part: string, work: () => Promise<T>): Promise<T> {
  if (!times) return work()
  const started = performance.now()
  try {
    return await work()
  } finally {
    times[part] = performance.now() - started
  }
}

/** `part;dur=1.2, other;dur=0.4` */
export const serverTiming = (times: PartTimes) =>
  Object.entries(times)
    .map(([part, ms]) => `${part};dur=${ms.toFixed(1)}`)
    .join(', ')

/** The parts of a Server-Timing header, in milliseconds. */
export function parseServerTiming(header: string | null): PartTimes {
  const times: PartTimes = {}
  for (const entry of header?.split(',') ?? []) {
    const match = /^\s*([\w-]+);dur=([\d.]+)\s*$/.exec(entry)
    if (match) times[match[1]!] = Number(match[2])
  }
  return times
}
