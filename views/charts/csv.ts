/**
 * A chart's data as CSV, what a marketer pastes into a spreadsheet: the label column and one
 * column per dataset, numbers unformatted. Text cells that a spreadsheet would run as a formula
 * (starting with = + - @, tab or CR) get a leading apostrophe, so a campaign named `=HYPERLINK(…)`
 * stays text.
 */
import { chartValues, type ChartSpec } from './spec'

const formulaStart = /^[=+\-@\t\r]/

export function csvCell(value: string | number): string {
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : ''
  const text = formulaStart.test(value) ? `'${value}` : value
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

export function csvRows(rows: readonly (readonly (string | number)[])[]): string {
  return rows.map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n'
}

/** `labelHeading` names the first column ("step", "hour", "day"). */
export function chartCsv(spec: ChartSpec, labelHeading: string): string {
  const { labels, datasets } = chartValues(spec)
  const header = [labelHeading, ...datasets.map((d) => d.label)]
  return csvRows([header, ...labels.map((label, i) => [label, ...datasets.map((d) => d.data[i] ?? '')])])
}
