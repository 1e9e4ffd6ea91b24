/**
 * The activity dashboard's panels that change slowly (read at page load): the funnel by people
 * with time to convert, promotion against normal days, hourly inflow, segments and cost. Each
 * shows its empty state or its own error.
 */
import type { Segments } from '../../analytics/dashboards/segments'
import { chartCanvas } from '../charts/canvas'
import { html, type SafeHtml } from '../html'
import type { ShopFormat } from '../format'
import { activityCsvUrl, type ActivityPageData } from '../pages/activity-data'
import { comparisonSpecs, hourlySpec, peopleFunnelSpec, segmentSpecs } from '../pages/activity-charts'
import { emptyState, figuresTable, kpi, kpis, widget, type Formats } from './widget'

const ratio = (value: number | null, format: (v: number) => string) => (value === null ? '–' : format(value))

function peoplePanel(data: ActivityPageData, f: Formats, shop: ShopFormat): SafeHtml {
  const frame = { id: 'people', title: 'People funnel', csv: activityCsvUrl(data.activity.id, 'people-funnel') }
  return widget(frame, data.people, (people) => {
    const spec = peopleFunnelSpec(people, shop).spec
    const head = html`<tr><th scope="col">Step</th><th scope="col" class="num">People</th><th scope="col" class="num">Median</th><th scope="col" class="num">95th pct.</th></tr>`
    const rows = people.timeToConvert.map(
      (c) => html`<tr><th scope="row">${c.from} → ${c.to}</th><td class="num">${f.count(c.people)}</td><td class="num">${f.duration(c.p50Seconds)}</td><td class="num">${f.duration(c.p95Seconds)}</td></tr>`,
    )
    return html`<p class="panel-note">Distinct people per step, as of ${f.dateTime(people.calculatedAt)}.</p>
${chartCanvas('chart-people-funnel', spec, 'Distinct people at each funnel step', 'No visitors yet')}
${figuresTable(head, html`${rows}`, undefined, 'Time to convert')}`
  })
}

function comparisonPanel(data: ActivityPageData, f: Formats, shop: ShopFormat): SafeHtml {
  const frame = {
    id: 'comparison',
    title: 'Promotion vs normal purchases',
    wide: true,
    csv: [
      ['Purchases CSV', activityCsvUrl(data.activity.id, 'comparison-purchases')],
      ['Revenue CSV', activityCsvUrl(data.activity.id, 'comparison-revenue')],
    ] as const,
  }
  return widget(frame, data.comparison, (comparison) => {
    const specs = comparisonSpecs(comparison, shop)
    const none = 'No purchases of the campaign’s products in these days'
    return html`<p class="panel-note">The campaign’s products per shop day, ${comparison.days[0]?.date ?? ''} to ${comparison.days.at(-1)?.date ?? ''}.
Baseline: ${f.decimal(comparison.baseline.dailyPurchases)} purchases and ${f.money(comparison.baseline.dailyRevenue)} a day, normal sales of the campaign’s products in the 28 days before it began.</p>
<div class="chart-pair">
<figure><figcaption>Purchases per day</figcaption>${chartCanvas('chart-comparison-purchases', specs['comparison-purchases'].spec, 'Promotion and normal purchases per day against the baseline', none)}</figure>
<figure><figcaption>Revenue per day</figcaption>${chartCanvas('chart-comparison-revenue', specs['comparison-revenue'].spec, 'Promotion and normal revenue per day against the baseline', none)}</figure>
</div>`
  })
}

function hourlyPanel(data: ActivityPageData, shop: ShopFormat): SafeHtml {
  const frame = {
    id: 'hourly',
    title: 'Hourly inflow',
    wide: true,
    note: `Behaviour events per hour (${shop.timeZone}) over the activity’s window.`,
    csv: activityCsvUrl(data.activity.id, 'hourly'),
  }
  return widget(frame, data.hourly, (hourly) => chartCanvas('chart-hourly', hourlySpec(hourly, shop).spec, 'Events per hour by type', 'No visits yet'))
}

function segmentTable<R extends { purchases: number; revenue: number; approved: number; conversionRate: number }>(
  first: string,
  rows: readonly R[],
  name: (row: R) => string,
  f: Formats,
): SafeHtml {
  const head = html`<tr><th scope="col">${first}</th><th scope="col" class="num">Purchases</th><th scope="col" class="num">Revenue</th><th scope="col" class="num">Approved</th><th scope="col" class="num">Conversion</th></tr>`
  const body = rows.map(
    (r) => html`<tr><th scope="row">${name(r)}</th><td class="num">${f.count(r.purchases)}</td><td class="num">${f.money(r.revenue)}</td><td class="num">${f.count(r.approved)}</td><td class="num">${f.percent(r.conversionRate)}</td></tr>`,
  )
  return figuresTable(head, html`${body}`)
}

const noBuyers = (segments: Segments) => !segments.byCustomerType.some((c) => c.purchases > 0 || c.approved > 0)

function segmentsPanel(data: ActivityPageData, f: Formats, shop: ShopFormat): SafeHtml {
  const id = data.activity.id
  const frame = {
    id: 'segments',
    title: 'Segments',
    note: 'Conversion = purchases ÷ approved holds of the segment.',
    csv: [
      ['By grade CSV', activityCsvUrl(id, 'segments-grade')],
      ['New vs returning CSV', activityCsvUrl(id, 'segments-customer-type')],
    ] as const,
  }
  const empty = { when: noBuyers, message: 'No holds or purchases yet: segments appear with the first buyer.' }
  return widget(
    frame,
    data.segments,
    (segments) => {
      const specs = segmentSpecs(segments, shop)
      return html`${chartCanvas('chart-segments-grade', specs['segments-grade'].spec, 'Revenue by member grade')}
${segmentTable('Member grade', segments.byGrade, (r) => r.grade, f)}
${chartCanvas('chart-segments-customer-type', specs['segments-customer-type'].spec, 'Revenue of new and returning customers')}
${segmentTable('Customer', segments.byCustomerType, (r) => (r.customerType === 'NEW' ? 'New customers' : 'Returning customers'), f)}`
    },
    empty,
  )
}

function costsPanel(data: ActivityPageData, f: Formats): SafeHtml {
  const empty = { when: (row: unknown) => row === undefined, message: 'No cost figures for this activity.' }
  return widget({ id: 'costs', title: 'Cost' }, data.costs, (row) => {
    const cost = row!
    return html`${kpis([
      kpi('cost', 'Acquisition cost', f.money(cost.cost), cost.ownBudget === null ? 'share of the campaign budget' : 'its own budget'),
      kpi('customers', 'Customers', f.count(cost.customers)),
      kpi('cac', 'CAC', ratio(cost.cac, f.money), 'cost ÷ customers'),
      kpi('roas', 'ROAS', ratio(cost.roas, (v) => `${v.toFixed(2)}×`), 'revenue ÷ cost'),
    ])}${cost.cost === 0 ? emptyState('No budget set: CAC and ROAS need a cost.') : null}`
  }, empty)
}

export function activityPanels(data: ActivityPageData, f: Formats, shop: ShopFormat): SafeHtml {
  return html`${peoplePanel(data, f, shop)}
${comparisonPanel(data, f, shop)}
${hourlyPanel(data, shop)}
${segmentsPanel(data, f, shop)}
${costsPanel(data, f)}`
}
