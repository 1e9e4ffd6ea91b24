/**
 * The cohort page's data as CSV tables (GET /admin/dashboard/cohort/:id/csv/<chart>): LTV against
 * CAC per horizon, the retention matrix (one column per day offset), and the cohort's summary
 * figures with retention D1/D7/D30. Fields named as the JSON API names them, numbers unformatted.
 */
import type { CohortAnalysis } from '../../analytics/dashboards/cohort'
import { csvTable } from './campaign-csv'
import { ltvHorizons } from './cohort'

export function ltvCsv(c: CohortAnalysis): string {
  return csvTable([['horizon', 'ltv', 'avgCAC', 'ltvCacRatio'], ...ltvHorizons.map(([label, ltv, ratio]) => [label, c[ltv], c.avgCAC, c[ratio]])])
}

export function retentionMatrixCsv({ retentionMatrix }: CohortAnalysis): string {
  const width = Math.max(0, ...retentionMatrix.map((r) => r.days.length))
  const header = ['acquisitionDay', 'customers', ...Array.from({ length: width }, (_, i) => `day${i + 1}`)]
  return csvTable([header, ...retentionMatrix.map((r) => [r.acquisitionDay, r.customers, ...r.days])])
}

const summaryFields = [
  'totalCustomers', 'totalAcquisitionCost', 'avgCAC', 'totalRevenue', 'roas', 'repeatPurchaseRate', 'avgPurchaseFrequency', 'avgOrderValue',
] as const

export function summaryCsv(c: CohortAnalysis): string {
  return csvTable([
    ['metric', 'value'],
    ['cohortName', c.cohortName],
    ['cohortStartDate', c.cohortStartDate],
    ['cohortEndDate', c.cohortEndDate],
    ...summaryFields.map((f) => [f, c[f]]),
    ['retentionMode', c.retention.mode],
    ['retentionD1', c.retention.d1],
    ['retentionD7', c.retention.d7],
    ['retentionD30', c.retention.d30],
    ['calculatedAt', c.calculatedAt],
  ])
}
