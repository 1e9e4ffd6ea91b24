/**
 * The arithmetic of the marketing numbers as the README's "Marketing numbers" section defines
 * them, applied by the simulators to what they did (their ground truth). Kept apart from the
 * tallies so each rounding rule is written once.
 */
export const funnelSteps = ['VISIT', 'CLICK', 'APPROVED', 'PURCHASE'] as const
export type FunnelStep = (typeof funnelSteps)[number]

export const round = (value: number, decimals: number) => {
  const factor = 10 ** decimals
  return Math.round(value * factor) / factor
}

/** part / whole × 100 to `decimals`; 0 when whole is 0. */
export const percent = (part: number, whole: number, decimals: number) => (whole === 0 ? 0 : round((part / whole) * 100, decimals))

/** Funnel steps {name, value, rate}: each step's rate of the previous one (1 decimal), the first 100. */
export function funnel(values: Record<FunnelStep, number>) {
  const steps = funnelSteps.map((name, i) => ({ name, value: values[name], rate: i === 0 ? 100 : percent(values[name], values[funnelSteps[i - 1]!], 1) }))
  return { steps, overallRate: percent(values.PURCHASE, values.VISIT, 2) }
}

/**
 * Nearest-rank percentile: the smallest value with at least p % of the values at or below it.
 * Chosen because it is always one of the observed gaps (no interpolation between two shoppers).
 */
export function percentile(sorted: readonly number[], p: number): number {
  if (!sorted.length) return 0
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!
}

/** Time to convert between consecutive funnel steps, over the people who reached both. */
export function timeToConvert(firsts: Iterable<Partial<Record<FunnelStep, number>>>) {
  const gaps = funnelSteps.slice(1).map(() => [] as number[])
  for (const first of firsts)
    funnelSteps.slice(1).forEach((to, i) => {
      const from = first[funnelSteps[i]!]
      const at = first[to]
      if (from !== undefined && at !== undefined && at >= from) gaps[i]!.push((at - from) / 1000)
    })
  return funnelSteps.slice(1).map((to, i) => {
    const sorted = gaps[i]!.sort((a, b) => a - b)
    return { from: funnelSteps[i]!, to, people: sorted.length, p50Seconds: round(percentile(sorted, 50), 3), p95Seconds: round(percentile(sorted, 95), 3) }
  })
}

/** The calendar day (YYYY-MM-DD) of an instant in the shop's time zone. */
export function shopDay(at: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(at))
}

/** Start of the UTC hour of an instant, ISO-8601. */
export const utcHour = (at: number) => new Date(Math.floor(at / 3_600_000) * 3_600_000).toISOString()
