/**
 * Pure builders of Chart.js configurations for the marketer's pages: columns, the horizontal
 * funnel, lines, and columns against a baseline line (promotion vs normal days). Data in, spec
 * out; `views/charts/canvas.ts` puts a spec on a page.
 */
import type { ChartConfiguration, ChartDataset } from 'chart.js'
import { palette, seriesColour } from './palette'
import type { ChartData, ChartSpec, Series, ValueFormat } from './spec'

export type ChartOptions = {
  readonly valueFormat?: ValueFormat
  /** title of the value axis, e.g. "purchases" or "revenue (KRW)" */
  readonly valueTitle?: string
  readonly stacked?: boolean
  /** one colour per series, in order; otherwise the shared series palette */
  readonly colours?: readonly string[]
  /** the values are counts (purchases, visits, events): the value axis steps in whole numbers, never 0.4 of a purchase */
  readonly counts?: boolean
}

function colourOf(options: ChartOptions, index: number): string {
  return options.colours?.[index] ?? seriesColour(index)
}

function scales(valueAxis: 'x' | 'y', options: ChartOptions) {
  const categoryAxis = valueAxis === 'y' ? 'x' : 'y'
  return {
    [categoryAxis]: { stacked: options.stacked ?? false, grid: { display: false } },
    [valueAxis]: {
      stacked: options.stacked ?? false,
      beginAtZero: true,
      title: { display: options.valueTitle !== undefined, text: options.valueTitle ?? '' },
      ...(options.counts ? { ticks: { precision: 0 } } : {}),
    },
  }
}

function baseOptions(valueAxis: 'x' | 'y', options: ChartOptions, legend: boolean) {
  return {
    responsive: true,
    maintainAspectRatio: false,
    animation: false as const,
    indexAxis: valueAxis === 'y' ? ('x' as const) : ('y' as const),
    plugins: { legend: { display: legend, position: 'bottom' as const } },
    scales: scales(valueAxis, options),
  }
}

function barDataset(series: Series, colour: string): ChartDataset<'bar', number[]> {
  // pointStyle: the legend's swatch when it draws point styles (barsWithBaseline)
  return { type: 'bar', label: series.label, data: [...series.values], backgroundColor: colour, borderRadius: 3, pointStyle: 'rect' }
}

function spec(chart: ChartConfiguration, valueAxis: 'x' | 'y', options: ChartOptions): ChartSpec {
  return options.valueFormat ? { chart, valueAxis, valueFormat: options.valueFormat } : { chart, valueAxis }
}

/** Vertical columns, one colour per series (grouped, or stacked when `stacked`). */
export function barChart(data: ChartData, options: ChartOptions = {}): ChartSpec {
  const chart: ChartConfiguration = {
    type: 'bar',
    data: { labels: [...data.labels], datasets: data.series.map((s, i) => barDataset(s, colourOf(options, i))) },
    options: baseOptions('y', options, data.series.length > 1),
  }
  return spec(chart, 'y', options)
}

/** The funnel as horizontal bars (indexAxis 'y'), first step on top; its values are counts. */
export function funnelChart(steps: readonly { name: string; value: number }[], label: string, options: ChartOptions = {}): ChartSpec {
  const series = { label, values: steps.map((s) => s.value) }
  const chart: ChartConfiguration = {
    type: 'bar',
    data: { labels: steps.map((s) => s.name), datasets: [barDataset(series, options.colours?.[0] ?? palette.funnel)] },
    options: baseOptions('x', { counts: true, ...options }, false),
  }
  return spec(chart, 'x', options)
}

/** Lines over the labels (hours, days, LTV horizons), one colour per series. */
export function lineChart(data: ChartData, options: ChartOptions = {}): ChartSpec {
  const datasets: ChartDataset<'line', number[]>[] = data.series.map((s, i) => ({
    type: 'line',
    label: s.label,
    data: [...s.values],
    borderColor: colourOf(options, i),
    backgroundColor: colourOf(options, i),
    // straight segments: a smoothed line dips below 0 between an hour with events and one without
    tension: 0,
    pointRadius: 2,
  }))
  const chart: ChartConfiguration = { type: 'line', data: { labels: [...data.labels], datasets }, options: baseOptions('y', options, data.series.length > 1) }
  return spec(chart, 'y', options)
}

/**
 * Columns per label against a flat baseline drawn as a dashed line across them (promotion vs
 * normal purchases per day against the 28-day daily baseline). The legend draws each series as
 * it is drawn in the chart: the columns as squares, the baseline as a dashed line (not a box).
 */
export function barsWithBaseline(data: ChartData, baseline: { label: string; value: number }, options: ChartOptions = {}): ChartSpec {
  const bars = data.series.map((s, i) => barDataset(s, colourOf(options, i)))
  const line: ChartDataset<'line', number[]> = {
    type: 'line',
    label: baseline.label,
    data: data.labels.map(() => baseline.value),
    borderColor: palette.baseline,
    backgroundColor: 'transparent',
    borderDash: [6, 4],
    borderWidth: 2,
    pointRadius: 0,
    pointStyle: 'line',
  }
  const base = baseOptions('y', options, true)
  const chart: ChartConfiguration = {
    type: 'bar',
    data: { labels: [...data.labels], datasets: [...bars, line] as ChartConfiguration['data']['datasets'] },
    options: { ...base, plugins: { legend: { ...base.plugins.legend, labels: { usePointStyle: true, pointStyleWidth: 28 } } } },
  }
  return spec(chart, 'y', options)
}
