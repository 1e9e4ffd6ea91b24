/**
 * The activity dashboard's panels that change slowly (read at page load): the funnel by people
 * with time to convert, promotion against normal days, hourly inflow, segments and cost. Each
 * shows its empty state or its own error.
 */
import { chartCanvas } from '../charts/canvas'
import { html, type SafeHtml } from '../html'
import type { ShopFormat } from '../format'
import { activityCsvUrl, type ActivityPageData } from '../pages/activity-data'
import { comparisonSpecs, hourlySpec, peopleFunnelSpec, segmentSpecs } from '../pages/activity-charts'
import { emptyState, kpi, panel, widgetError, type Formats } from './activity-widget'

function peoplePanel(data: ActivityPageData, f: Formats, shop: ShopFormat): SafeHtml {
  const csv = [['Download CSV', activityCsvUrl(data.activity.id, 'people-funnel')]] as const
  if (!data.people.ok) return panel('people', 'People funnel', widgetError('people funnel'))
  const people = data.people.value
  const spec = peopleFunnelSpec(people, shop).spec
  const rows = people.timeToConvert.map(
    (c) => html`<tr><td>${c.from} → ${c.to}</td><td class="num">${f.count(c.people)}</td><td class="num">${f.duration(c.p50Seconds)}</td><td class="num">${f.duration(c.p95Seconds)}</td></tr>`,
  )
  const body = html`${chartCanvas('chart-people-funnel', spec, 'Distinct people at each funnel step', 'No visitors yet')}
<table class="table"><caption>Time to convert</caption><thead><tr><th>Step</th><th class="num">People</th><th class="num">Median</th><th class="num">95th pct.</th></tr></thead><tbody>${rows}</tbody></table>`
  return panel('people', 'People funnel', body, { note: `Distinct people per step, as of ${f.dateTime(people.calculatedAt)}.`, csv })
}

function comparisonPanel(data: ActivityPageData, f: Formats, shop: ShopFormat): SafeHtml {
  const title = 'Promotion vs normal purchases'
  if (!data.comparison.ok) return panel('comparison', title, widgetError('promotion comparison'), { wide: true })
  const comparison = data.comparison.value
  const specs = comparisonSpecs(comparison, shop)
  const none = 'No purchases of the campaign’s products in these days'
  const body = html`<div class="chart-pair">
<figure><figcaption>Purchases per day</figcaption>${chartCanvas('chart-comparison-purchases', specs['comparison-purchases'].spec, 'Promotion and normal purchases per day against the baseline', none)}</figure>
<figure><figcaption>Revenue per day</figcaption>${chartCanvas('chart-comparison-revenue', specs['comparison-revenue'].spec, 'Promotion and normal revenue per day against the baseline', none)}</figure>
</div>
<p class="panel-note">Baseline: ${f.count(comparison.baseline.dailyPurchases)} purchases and ${f.money(comparison.baseline.dailyRevenue)} a day, normal sales of the campaign’s products in the 28 days before it began.</p>`
  return panel('comparison', title, body, {
    wide: true,
    note: `The campaign’s products per shop day, ${comparison.days[0]?.date ?? ''} to ${comparison.days.at(-1)?.date ?? ''}.`,
    csv: [
      ['Purchases CSV', activityCsvUrl(data.activity.id, 'comparison-purchases')],
      ['Revenue CSV', activityCsvUrl(data.activity.id, 'comparison-revenue')],
    ],
  })
}

function hourlyPanel(data: ActivityPageData, shop: ShopFormat): SafeHtml {
  if (!data.hourly.ok) return panel('hourly', 'Hourly inflow', widgetError('hourly inflow'), { wide: true })
  const body = chartCanvas('chart-hourly', hourlySpec(data.hourly.value, shop).spec, 'Events per hour by type', 'No visits yet')
  return panel('hourly', 'Hourly inflow', body, {
    wide: true,
    note: `Behaviour events per hour (${shop.timeZone}) over the activity’s window.`,
    csv: [['Download CSV', activityCsvUrl(data.activity.id, 'hourly')]],
  })
}

function segmentTable<R extends { purchases: number; revenue: number; approved: number; conversionRate: number }>(
  caption: string,
  rows: readonly R[],
  name: (row: R) => string,
  f: Formats,
): SafeHtml {
  return html`<table class="table"><caption>${caption}</caption><thead><tr><th></th><th class="num">Purchases</th><th class="num">Revenue</th><th class="num">Approved</th><th class="num">Conversion</th></tr></thead><tbody>${rows.map(
    (r) => html`<tr><td>${name(r)}</td><td class="num">${f.count(r.purchases)}</td><td class="num">${f.money(r.revenue)}</td><td class="num">${f.count(r.approved)}</td><td class="num">${f.percent(r.conversionRate)}</td></tr>`,
  )}</tbody></table>`
}

function segmentsPanel(data: ActivityPageData, f: Formats, shop: ShopFormat): SafeHtml {
  if (!data.segments.ok) return panel('segments', 'Segments', widgetError('segments'))
  const segments = data.segments.value
  const specs = segmentSpecs(segments, shop)
  const bought = segments.byCustomerType.some((c) => c.purchases > 0 || c.approved > 0)
  const body = bought
    ? html`${chartCanvas('chart-segments-grade', specs['segments-grade'].spec, 'Revenue by member grade')}
${segmentTable('By member grade', segments.byGrade, (r) => r.grade, f)}
${chartCanvas('chart-segments-customer-type', specs['segments-customer-type'].spec, 'Revenue of new and returning customers')}
${segmentTable('New vs returning', segments.byCustomerType, (r) => (r.customerType === 'NEW' ? 'New' : 'Returning'), f)}`
    : emptyState('No holds or purchases yet: segments appear with the first buyer.')
  return panel('segments', 'Segments', body, {
    note: 'Conversion = purchases ÷ approved holds of the segment.',
    csv: bought
      ? [
          ['By grade CSV', activityCsvUrl(data.activity.id, 'segments-grade')],
          ['New vs returning CSV', activityCsvUrl(data.activity.id, 'segments-customer-type')],
        ]
      : [],
  })
}

function costsPanel(data: ActivityPageData, f: Formats): SafeHtml {
  if (!data.costs.ok) return panel('costs', 'Cost', widgetError('cost figures'))
  const row = data.costs.value
  if (!row) return panel('costs', 'Cost', emptyState('No cost figures for this activity.'))
  const ratio = (value: number | null, format: (v: number) => string) => (value === null ? '–' : format(value))
  const body = html`<div class="kpis">
${kpi('cost', 'Acquisition cost', f.money(row.cost), row.ownBudget === null ? 'share of the campaign budget' : 'its own budget')}${kpi('customers', 'Customers', f.count(row.customers))}${kpi('cac', 'CAC', ratio(row.cac, f.money), 'cost ÷ customers')}${kpi('roas', 'ROAS', ratio(row.roas, (v) => `${v.toFixed(2)}×`), 'revenue ÷ cost')}
</div>${row.cost === 0 ? emptyState('No budget set: CAC and ROAS need a cost.') : null}`
  return panel('costs', 'Cost', body)
}

export function activityPanels(data: ActivityPageData, f: Formats, shop: ShopFormat): SafeHtml {
  return html`${peoplePanel(data, f, shop)}
${comparisonPanel(data, f, shop)}
${hourlyPanel(data, shop)}
${segmentsPanel(data, f, shop)}
${costsPanel(data, f)}`
}
