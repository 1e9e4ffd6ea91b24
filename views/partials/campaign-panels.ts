/**
 * The campaign dashboard's tables: buyers by member grade and by new vs returning customer, and
 * each activity's acquisition cost against what it brought in (CAC, ROAS).
 */
import type { Costs } from '../../analytics/dashboards/costs'
import type { Segments } from '../../analytics/dashboards/segments'
import { format } from '../format'
import { html, type SafeHtml } from '../html'
import { figuresTable, widget, type Loaded } from './widget'

const { count, money, percent } = format

type SegmentFigures = Omit<Segments['byGrade'][number], 'grade'>

function segmentRow(name: string, s: SegmentFigures): SafeHtml {
  return html`<tr><th scope="row">${name}</th><td class="num">${count(s.purchases)}</td><td class="num">${money(s.revenue)}</td><td class="num">${count(s.approved)}</td><td class="num">${percent(s.conversionRate)}</td></tr>`
}

const customerTypes = { NEW: 'New customers', RETURNING: 'Returning customers' } as const

function segmentsTable(s: Segments): SafeHtml {
  const head = (first: string) =>
    html`<tr><th scope="col">${first}</th><th scope="col" class="num">Purchases</th><th scope="col" class="num">Revenue</th><th scope="col" class="num">Approved</th><th scope="col" class="num">Conversion</th></tr>`
  return html`<div class="table-pair">
    ${figuresTable(head('Member grade'), html`${s.byGrade.map((g) => segmentRow(g.grade, g))}`)}
    ${figuresTable(head('Customer'), html`${s.byCustomerType.map((c) => segmentRow(customerTypes[c.customerType], c))}`)}
  </div>`
}

const noBuyers = (s: Segments) => s.byCustomerType.every((c) => c.purchases === 0 && c.approved === 0)

export function segmentsPanel(segments: Loaded<Segments>, csv: string): SafeHtml {
  const frame = { id: 'widget-segments', title: 'Segments', csv, note: 'Conversion = purchases ÷ approved holds of the segment.' }
  return widget(frame, segments, segmentsTable, { when: noBuyers, message: 'No purchases in this period.' })
}

const roas = (value: number | null) => (value === null ? '–' : `${value.toFixed(2)}×`)

function costsTable(c: Costs): SafeHtml {
  const cells = (e: Costs['total']) =>
    html`<td class="num">${money(e.cost)}</td><td class="num">${money(e.revenue)}</td><td class="num">${count(e.customers)}</td><td class="num">${money(e.cac)}</td><td class="num">${roas(e.roas)}</td>`
  const head = html`<tr><th scope="col">Activity</th><th scope="col" class="num">Cost</th><th scope="col" class="num">Revenue</th><th scope="col" class="num">Customers</th><th scope="col" class="num">CAC</th><th scope="col" class="num">ROAS</th></tr>`
  const rows = c.activities.map(
    (a) => html`<tr><th scope="row">${a.activityName}${a.ownBudget === null ? html` <span class="muted small">(share of the campaign budget)</span>` : ''}</th>${cells(a)}</tr>`,
  )
  return figuresTable(head, html`${rows}`, html`<tr><th scope="row">All activities</th>${cells(c.total)}</tr>`)
}

export function costsPanel(costs: Loaded<Costs>, csv: string): SafeHtml {
  const frame = { id: 'widget-costs', title: 'Costs', csv, note: 'Budgets are not prorated: the period narrows the purchases only.' }
  return widget(frame, costs, costsTable, { when: (c) => c.activities.length === 0, message: 'No activities yet.' })
}
