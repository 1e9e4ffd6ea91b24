/** Rounding of the dashboards' numbers: money and rates to fixed decimals, never NaN. */

export function round(value: number, decimals = 2): number {
  const factor = 10 ** decimals
  return Math.round((value + Number.EPSILON) * factor) / factor
}

/** part ÷ whole × 100, rounded; 0 when whole is 0. */
export function percent(part: number, whole: number, decimals = 2): number {
  return whole === 0 ? 0 : round((part / whole) * 100, decimals)
}

/** a ÷ b rounded to 2 decimals; null when b is 0 (a ratio with nothing to divide by). */
export function ratio(a: number, b: number): number | null {
  return b === 0 ? null : round(a / b)
}
