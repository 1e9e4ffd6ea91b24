/** Rounding of the dashboards' numbers: money and rates to fixed decimals, never NaN. */

/** half away from zero, whatever the binary fraction: 2.135 and 4.015 round up to 2.14 and 4.02 */
export function round(value: number, decimals = 2): number {
  const factor = 10 ** decimals
  // 15 significant digits drop the float noise: 1.005 × 100 is 100.49999999999999
  return (Math.sign(value) * Math.round(Number((Math.abs(value) * factor).toPrecision(15)))) / factor
}

/** part ÷ whole × 100, rounded; 0 when whole is 0. */
export function percent(part: number, whole: number, decimals = 2): number {
  return whole === 0 ? 0 : round((part / whole) * 100, decimals)
}

/** a ÷ b rounded to 2 decimals; null when b is 0 (a ratio with nothing to divide by). */
export function ratio(a: number, b: number): number | null {
  return b === 0 ? null : round(a / b)
}
