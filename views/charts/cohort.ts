/**
 * The cohort page's chart: lifetime value per customer after 30, 90 and 365 days and to date,
 * against what acquiring a customer cost (average CAC, flat across the horizons).
 */
import type { CohortAnalysis } from '../../analytics/dashboards/cohort'
import { lineChart } from './builders'
import { palette } from './palette'
import type { ChartSpec, ValueFormat } from './spec'

export const ltvHorizons = [
  ['30 days', 'ltv30d', 'ltvCacRatio30d'],
  ['90 days', 'ltv90d', 'ltvCacRatio90d'],
  ['365 days', 'ltv365d', 'ltvCacRatio365d'],
  ['to date', 'ltvCurrent', 'ltvCacRatioCurrent'],
] as const

export function ltvCacChart(cohort: CohortAnalysis, money: ValueFormat): ChartSpec {
  return lineChart(
    {
      labels: ltvHorizons.map(([label]) => label),
      series: [
        { label: 'LTV per customer', values: ltvHorizons.map(([, ltv]) => cohort[ltv]) },
        { label: 'CAC per customer', values: ltvHorizons.map(() => cohort.avgCAC) },
      ],
    },
    { valueFormat: money, valueTitle: `per customer (${money.currency ?? ''})`, colours: [palette.promotion, palette.baseline] },
  )
}
