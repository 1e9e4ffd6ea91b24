/**
 * The campaign page's charts (views/pages/campaign.ts) as Chart.js specs built by the shared
 * builders: the funnel, promotion against normal purchases per shop day with the 28-day baseline
 * (counts and revenue). The page and the browser tests read the same specs.
 */
import type { Comparison } from '../../analytics/dashboards/comparison'
import type { Funnel } from '../../analytics/dashboards/funnel'
import { barsWithBaseline, funnelChart } from './builders'
import { palette } from './palette'
import type { ChartSpec, ValueFormat } from './spec'

export function campaignFunnelChart(funnel: Funnel): ChartSpec {
  return funnelChart(funnel.steps, 'count', { valueTitle: 'count' })
}

const comparisonColours = [palette.promotion, palette.normal]
const baselineLabel = 'normal daily baseline (28 days before)'

/** Purchases per shop day, promotion against normal, and the normal daily baseline before the campaign. */
export function comparisonPurchasesChart(comparison: Comparison): ChartSpec {
  const { days, baseline } = comparison
  return barsWithBaseline(
    {
      labels: days.map((d) => d.date),
      series: [
        { label: 'promotion purchases', values: days.map((d) => d.promotionPurchases) },
        { label: 'normal purchases', values: days.map((d) => d.normalPurchases) },
      ],
    },
    { label: baselineLabel, value: baseline.dailyPurchases },
    { colours: comparisonColours, valueTitle: 'purchases' },
  )
}

/** Revenue per shop day, the same comparison in the shop's currency. */
export function comparisonRevenueChart(comparison: Comparison, money: ValueFormat): ChartSpec {
  const { days, baseline } = comparison
  return barsWithBaseline(
    {
      labels: days.map((d) => d.date),
      series: [
        { label: 'promotion revenue', values: days.map((d) => d.promotionRevenue) },
        { label: 'normal revenue', values: days.map((d) => d.normalRevenue) },
      ],
    },
    { label: baselineLabel, value: baseline.dailyRevenue },
    { colours: comparisonColours, valueTitle: `revenue (${money.currency ?? ''})`, valueFormat: money },
  )
}
