/**
 * The figures a tool returned, as compact tables a marketer reads (not a JSON dump): scalar fields
 * as "name | value" rows, a list of rows as a table with a column per field, nested parts under
 * their own heading. Names come from the field ("purchaseCount" → "purchase count"); money, rates
 * and instants are written the shop's way. Every value is text (campaign names are user input).
 */
import { format } from '../format'
import { html, type SafeHtml } from '../html'

/** A table longer than this shows its first rows and says how many it left out. */
const maxRows = 12
/** Columns beyond this are left out of a list's table (the tool line stays compact). */
const maxColumns = 7
/** Deeper than this, a part is written as its JSON text. */
const maxDepth = 3

type Scalar = string | number | boolean | null

const isScalar = (value: unknown): value is Scalar | undefined => value === null || value === undefined || ['string', 'number', 'boolean'].includes(typeof value)
const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value)

/** Marketing acronyms a marketer reads in capitals. */
const acronyms = new Set(['ltv', 'cac', 'roas', 'aov', 'id', 'd1', 'd7', 'd30'])

/**
 * A field's name for people: "purchaseCount" → "purchase count", "ltvCacRatio30d" → "LTV CAC ratio
 * 30d", "p95Seconds" → "p95" (its value is written as a duration, "13 h", so the unit goes).
 */
export function fieldName(key: string): string {
  return key
    .replace(/Seconds$/, '')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/([A-Za-z]{2,})([0-9])/g, '$1 $2')
    .replace(/_/g, ' ')
    .toLowerCase()
    .split(' ')
    .map((word) => (acronyms.has(word) ? word.toUpperCase() : word))
    .join(' ')
}

const moneyField = /(revenue|amount|budget|spend|price|cost|^cac|^aov|^ltv(\d+|current)?$)$/i
const idField = /(^id|Id)$/
const rateField = /(rate|share|percent|pct)$/i
const instantText = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/

/** One value written for the marketer, by what its field says it is. */
export function figure(key: string, value: Scalar | undefined): string {
  if (value === null || value === undefined) return '–'
  if (typeof value === 'boolean') return value ? 'yes' : 'no'
  if (typeof value === 'string') return instantText.test(value) ? format.dateTime(value) : value
  if (idField.test(key)) return String(value)
  if (/seconds$/i.test(key)) return format.duration(value)
  if (moneyField.test(key)) return format.money(value)
  if (rateField.test(key)) return format.percent(value)
  return Number.isInteger(value) ? format.count(value) : format.decimal(value)
}

const numeric = (value: unknown) => (typeof value === 'number' ? html` class="num"` : '')

function more(left: number, what: string): SafeHtml {
  return html`<p class="muted small">and ${format.count(left)} more ${what}</p>`
}

function listTable(key: string, rows: readonly unknown[], depth: number): SafeHtml {
  if (rows.every((row) => isScalar(row))) return html`<p>${rows.map((row) => figure(key, row as Scalar)).join(', ') || '–'}</p>`
  const records = rows.filter(isRecord)
  const columns = [...new Set(records.flatMap((row) => Object.keys(row).filter((k) => isScalar(row[k]))))].slice(0, maxColumns)
  if (columns.length === 0) return html`${records.slice(0, maxRows).map((row) => figures(row, depth + 1))}`
  const shown = records.slice(0, maxRows)
  return html`<table class="figures"><thead><tr>${columns.map((c) => html`<th scope="col">${fieldName(c)}</th>`)}</tr></thead><tbody>${shown.map(
    (row) => html`<tr>${columns.map((c) => html`<td${numeric(row[c])}>${figure(c, row[c] as Scalar)}</td>`)}</tr>`,
  )}</tbody></table>${records.length > shown.length && more(records.length - shown.length, 'rows')}`
}

/** The figures of one tool result (anything JSON), as tables. */
export function figures(value: unknown, depth = 0): SafeHtml {
  if (isScalar(value)) return html`<p class="figure-value">${figure('', value)}</p>`
  if (depth >= maxDepth) return html`<pre class="figure-json">${JSON.stringify(value)}</pre>`
  if (Array.isArray(value)) return value.length === 0 ? html`<p class="muted small">none</p>` : listTable('', value, depth)
  const entries = Object.entries(value as Record<string, unknown>)
  const scalars = entries.filter(([, v]) => isScalar(v))
  const parts = entries.filter(([, v]) => !isScalar(v))
  const shown = scalars.slice(0, maxRows)
  return html`${shown.length > 0 && html`<table class="figures"><tbody>${shown.map(
    ([k, v]) => html`<tr><th scope="row">${fieldName(k)}</th><td${numeric(v)}>${figure(k, v as Scalar)}</td></tr>`,
  )}</tbody></table>`}${scalars.length > shown.length && more(scalars.length - shown.length, 'figures')}${parts.map(
    ([k, v]) => html`<div class="figure-part"><p class="figure-heading">${fieldName(k)}</p>${Array.isArray(v) ? (v.length ? listTable(k, v, depth) : html`<p class="muted small">none</p>`) : figures(v, depth + 1)}</div>`,
  )}`
}
