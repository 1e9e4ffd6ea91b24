/** Colours of our charts: the same series has the same colour on every page (promotion is always blue). */
export const palette = {
  promotion: '#2563eb',
  normal: '#94a3b8',
  baseline: '#dc2626',
  funnel: '#0ea5e9',
  series: ['#2563eb', '#16a34a', '#f59e0b', '#9333ea', '#0ea5e9', '#db2777', '#64748b'],
} as const

export function seriesColour(index: number): string {
  return palette.series[index % palette.series.length]!
}
