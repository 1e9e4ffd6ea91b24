/**
 * What a chart is on our pages: a Chart.js configuration built on the server (pure data, JSON
 * only: no callbacks), plus how its values read (money in the shop's currency, or plain counts).
 * `views/static/charts.js` turns a spec into a Chart and applies `valueFormat` to the value axis
 * and the tooltips; the CSV download and live updates read the same spec, so a chart, its CSV
 * and its SSE update never disagree.
 */
import type { ChartConfiguration } from 'chart.js'

/** How the browser formats values: `Intl.NumberFormat(locale, {style:'currency', currency})` or a number. */
export type ValueFormat = { readonly locale: string; readonly currency?: string; readonly suffix?: string }

export type ChartSpec = {
  readonly chart: ChartConfiguration
  /** the axis that carries values ('y' for columns and lines, 'x' for the horizontal funnel) */
  readonly valueAxis: 'x' | 'y'
  readonly valueFormat?: ValueFormat
}

/** One named row of values, one value per label (a Chart.js dataset). */
export type Series = { readonly label: string; readonly values: readonly number[] }

export type ChartData = { readonly labels: readonly string[]; readonly series: readonly Series[] }

/** The data part of a spec: what a live update replaces and what the CSV holds. */
export type ChartValues = { readonly labels: string[]; readonly datasets: { label: string; data: number[] }[] }

export function chartValues(spec: ChartSpec): ChartValues {
  return {
    labels: (spec.chart.data.labels ?? []).map(String),
    datasets: spec.chart.data.datasets.map((d) => ({ label: String(d.label ?? ''), data: (d.data as number[]).slice() })),
  }
}
