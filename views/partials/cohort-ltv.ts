/**
 * The cohort's lifetime value against its acquisition cost: the LTV vs CAC line chart and the
 * LTV/CAC ratio per horizon, coloured and labelled in words (below 1 red: the customers cost more
 * than they brought; 1–3 amber; above 3 green), so the colour is never the only signal.
 */
import type { CohortAnalysis } from '../../analytics/dashboards/cohort'
import { chartCanvas } from '../charts/canvas'
import { ltvCacChart, ltvHorizons } from '../charts/cohort'
import { format } from '../format'
import { html, type SafeHtml } from '../html'
import { shopMoney } from './campaign-dashboard'
import { figuresTable } from './widget'

const { money } = format

export type RatioTone = 'red' | 'amber' | 'green' | 'none'

/** How an LTV/CAC ratio reads: < 1 red, 1–3 amber, > 3 green; none without a cost to divide by. */
export function ltvCacTone(ratio: number | null): { tone: RatioTone; label: string } {
  if (ratio === null) return { tone: 'none', label: 'no acquisition cost to compare with' }
  if (ratio < 1) return { tone: 'red', label: 'below 1: cost more than they brought' }
  if (ratio <= 3) return { tone: 'amber', label: '1 to 3: pays back, thinly' }
  return { tone: 'green', label: 'above 3: healthy' }
}

function ratioBadge(ratio: number | null): SafeHtml {
  const { tone, label } = ltvCacTone(ratio)
  return html`<span class="ratio ratio-${tone}" data-tone="${tone}"><strong>${ratio === null ? '–' : ratio.toFixed(2)}</strong> <span class="ratio-label">${label}</span></span>`
}

export function ltvSection(cohort: CohortAnalysis): SafeHtml {
  const head = html`<tr><th scope="col">After</th><th scope="col" class="num">LTV per customer</th><th scope="col" class="num">CAC per customer</th><th scope="col">LTV / CAC</th></tr>`
  const rows = ltvHorizons.map(
    ([label, ltv, ratio]) =>
      html`<tr data-horizon="${ltv}"><th scope="row">${label}</th><td class="num">${money(cohort[ltv])}</td><td class="num">${money(cohort.avgCAC)}</td><td>${ratioBadge(cohort[ratio])}</td></tr>`,
  )
  return html`<div class="chart-and-table even">
    ${chartCanvas('chart-ltv-cac', ltvCacChart(cohort, shopMoney), 'Lifetime value per customer against acquisition cost per customer')}
    ${figuresTable(head, html`${rows}`)}
  </div>`
}
