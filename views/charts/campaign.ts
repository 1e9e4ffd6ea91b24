/**
 * The campaign page's charts (views/pages/campaign.ts) as Chart.js specs built by the shared
 * builders: the funnel, promotion against normal purchases per shop day with the 28-day baseline
 * (counts and revenue). The page and the browser tests read the same specs.
 */
import type { Comparison } from '../../analytics/dashboards/comparison'
import type { Funnel } from '../../analytics/dashboards/funnel'
import { barsWithBaseline, funnelChart, type ChartOptions } from './builders'
import { palette } from './palette'
import type { ChartSpec, ValueFormat } from './spec'

export function campaignFunnelChart(funnel: Funnel): ChartSpec {
  return funnelChart(funnel.steps, 'count', { valueTitle: 'count' })
}

const comparisonColours = [palette.promotion, palette.normal]

/** The fields of one measure (purchases or revenue) in a comparison day and its baseline. */
const measures = {
  purchases: { promotion: 'promotionPurchases', normal: 'normalPurchases', baseline: 'dailyPurchases' },
  revenue: { promotion: 'promotionRevenue', normal: 'normalRevenue', baseline: 'dailyRevenue' },
} as const

function comparisonChart(comparison: Comparison, measure: keyof typeof measures, options: ChartOptions): ChartSpec {
  const { days, baseline } = comparison
  const fields = measures[measure]
  return barsWithBaseline(
    {
      labels: days.map((d) => d.date),
      series: [
        { label: `promotion ${measure}`, values: days.map((d) => d[fields.promotion]) },
        { label: `normal ${measure}`, values: days.map((d) => d[fields.normal]) },
      ],
    },
    { label: 'normal daily baseline (28 days before)', value: baseline[fields.baseline] },
    { colours: comparisonColours, ...options },
  )
}

/** Purchases per shop day, promotion against normal, and the normal daily baseline before the campaign. */
export function comparisonPurchasesChart(comparison: Comparison): ChartSpec {
  return comparisonChart(comparison, 'purchases', { valueTitle: 'purchases', counts: true })
}

/** Revenue per shop day, the same comparison in the shop's currency. */
export function comparisonRevenueChart(comparison: Comparison, money: ValueFormat): ChartSpec {
  return comparisonChart(comparison, 'revenue', { valueTitle: `revenue (${money.currency ?? ''})`, valueFormat: money })
}
