/**
 * The charts of the activity dashboard, built from the numbers the page loads: the page draws
 * them, the SSE stream updates the live ones, and `…/csv/<chart>` downloads their data, all from
 * these specs, so a chart and its CSV always agree.
 */
import type { ActivityDashboard } from '../../analytics/dashboards/activity'
import type { Comparison } from '../../analytics/dashboards/comparison'
import type { Funnel } from '../../analytics/dashboards/funnel'
import type { HourlyInflow } from '../../analytics/dashboards/hourly'
import type { Segments } from '../../analytics/dashboards/segments'
import { barChart, barsWithBaseline, funnelChart, lineChart } from '../charts/builders'
import { palette } from '../charts/palette'
import type { ChartSpec, ValueFormat } from '../charts/spec'
import type { ShopFormat } from '../format'
import type { ActivityPageData } from './activity-data'


export const activityChartNames = [
  'funnel',
  'people-funnel',
  'comparison-purchases',
  'comparison-revenue',
  'hourly',
  'segments-grade',
  'segments-customer-type',
] as const
export type ActivityChartName = (typeof activityChartNames)[number]

export interface NamedChart {
  spec: ChartSpec
  /** heading of the CSV's first column */
  labelHeading: string
}

const money = (shop: ShopFormat): ValueFormat => ({ locale: shop.locale, currency: shop.currency })
const counts = (shop: ShopFormat): ValueFormat => ({ locale: shop.locale })

/** The event funnel VISIT → CLICK → APPROVED → PURCHASE (live: the SSE stream sends it every change). */
export function funnelSpec(funnel: Funnel, shop: ShopFormat): NamedChart {
  return { spec: funnelChart(funnel.steps, 'count', { valueFormat: counts(shop) }), labelHeading: 'step' }
}

export function peopleFunnelSpec(people: ActivityDashboard['peopleFunnel'], shop: ShopFormat): NamedChart {
  const steps = people.steps.map((s) => ({ name: s.name, value: s.people }))
  return { spec: funnelChart(steps, 'people', { valueFormat: counts(shop), colours: [palette.promotion] }), labelHeading: 'step' }
}

export function comparisonSpecs(comparison: Comparison, shop: ShopFormat): Record<'comparison-purchases' | 'comparison-revenue', NamedChart> {
  const labels = comparison.days.map((d) => d.date)
  const colours = [palette.promotion, palette.normal]
  const series = (promotion: number[], normal: number[]) => [
    { label: 'promotion', values: promotion },
    { label: 'normal', values: normal },
  ]
  const days = comparison.days
  return {
    'comparison-purchases': {
      spec: barsWithBaseline(
        { labels, series: series(days.map((d) => d.promotionPurchases), days.map((d) => d.normalPurchases)) },
        { label: 'baseline (28-day daily average)', value: comparison.baseline.dailyPurchases },
        { colours, valueFormat: counts(shop), valueTitle: 'purchases', counts: true },
      ),
      labelHeading: 'day',
    },
    'comparison-revenue': {
      spec: barsWithBaseline(
        { labels, series: series(days.map((d) => d.promotionRevenue), days.map((d) => d.normalRevenue)) },
        { label: 'baseline (28-day daily average)', value: comparison.baseline.dailyRevenue },
        { colours, valueFormat: money(shop), valueTitle: `revenue (${shop.currency})` },
      ),
      labelHeading: 'day',
    },
  }
}

const hourFormats = new Map<string, Intl.DateTimeFormat>()

/** An hour as the shop reads it, e.g. "12-02 19:00" in Asia/Seoul. */
export function shopHour(iso: string, timeZone: string): string {
  let format = hourFormats.get(timeZone)
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
    hourFormats.set(timeZone, format)
  }
  const parts = Object.fromEntries(format.formatToParts(new Date(iso)).map((p) => [p.type, p.value]))
  return `${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`
}

const hourMs = 3_600_000
/** Past this many hours the chart shows only the hours that had events. */
const maxFilledHours = 24 * 92

/**
 * Every hour from the first to the last that had events (up to now), with no events as 0: a line
 * over the hours must not join 10:00 to 14:00 as if nothing lay between.
 */
export function filledHours(hours: HourlyInflow['hours']): HourlyInflow['hours'] {
  const sorted = [...hours].sort((a, b) => Date.parse(a.hour) - Date.parse(b.hour))
  if (sorted.length < 2) return sorted
  const first = Date.parse(sorted[0]!.hour)
  const last = Date.parse(sorted[sorted.length - 1]!.hour)
  if ((last - first) / hourMs > maxFilledHours) return sorted
  const byHour = new Map(sorted.map((h) => [Date.parse(h.hour), h.counts]))
  const filled: HourlyInflow['hours'] = []
  for (let t = first; t <= last; t += hourMs) filled.push({ hour: new Date(t).toISOString(), counts: byHour.get(t) ?? {} })
  return filled
}

/** Events per hour, one line per event type that occurred (PAGE_VIEW, CLICK, …). */
export function hourlySpec(hourly: HourlyInflow, shop: ShopFormat): NamedChart {
  const hours = filledHours(hourly.hours)
  const types = [...new Set(hours.flatMap((h) => Object.keys(h.counts)))].sort()
  const series = types.map((type) => ({ label: type, values: hours.map((h) => h.counts[type as keyof typeof h.counts] ?? 0) }))
  const labels = hours.map((h) => shopHour(h.hour, shop.timeZone))
  return { spec: lineChart({ labels, series }, { valueFormat: counts(shop), valueTitle: 'events', counts: true }), labelHeading: `hour (${shop.timeZone})` }
}

export function segmentSpecs(segments: Segments, shop: ShopFormat): Record<'segments-grade' | 'segments-customer-type', NamedChart> {
  const revenueBars = (labels: string[], revenue: number[]) =>
    barChart({ labels, series: [{ label: 'revenue', values: revenue }] }, { valueFormat: money(shop), valueTitle: `revenue (${shop.currency})` })
  return {
    'segments-grade': { spec: revenueBars(segments.byGrade.map((g) => g.grade), segments.byGrade.map((g) => g.revenue)), labelHeading: 'grade' },
    'segments-customer-type': {
      spec: revenueBars(segments.byCustomerType.map((c) => c.customerType), segments.byCustomerType.map((c) => c.revenue)),
      labelHeading: 'customer type',
    },
  }
}

/** One chart of the page by name, from the page's numbers; null when its widget's numbers are unavailable. */
export function activityChart(data: ActivityPageData, name: ActivityChartName, shop: ShopFormat): NamedChart | null {
  switch (name) {
    case 'funnel':
      return data.live.ok ? funnelSpec(data.live.value.funnel, shop) : null
    case 'people-funnel':
      return data.people.ok ? peopleFunnelSpec(data.people.value, shop) : null
    case 'comparison-purchases':
    case 'comparison-revenue':
      return data.comparison.ok ? comparisonSpecs(data.comparison.value, shop)[name] : null
    case 'hourly':
      return data.hourly.ok ? hourlySpec(data.hourly.value, shop) : null
    case 'segments-grade':
    case 'segments-customer-type':
      return data.segments.ok ? segmentSpecs(data.segments.value, shop)[name] : null
  }
}
