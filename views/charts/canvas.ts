/**
 * A chart on a page: `<canvas data-chart-config="<id of a JSON block>">` next to the block with
 * its spec, which `views/static/charts.js` instantiates. `chartUpdate` is the fragment an SSE
 * message or swap carries to replace a chart's data in place.
 */
import { html, json, type SafeHtml } from '../html'
import { chartValues, type ChartSpec } from './spec'

/** `id` names the chart on the page (the canvas id); `label` is what a screen reader hears. */
export function chartCanvas(id: string, spec: ChartSpec, label: string): SafeHtml {
  return html`<div class="chart-box"><canvas id="${id}" data-chart-config="${id}-config" role="img" aria-label="${label}"></canvas></div>
<script type="application/json" id="${id}-config">${json(spec)}</script>`
}

/** New data for the chart `id` (labels and every dataset's values), applied without redrawing the chart from scratch. */
export function chartUpdate(id: string, spec: ChartSpec): SafeHtml {
  return html`<script type="application/json" data-chart-update="${id}">${json(chartValues(spec))}</script>`
}
