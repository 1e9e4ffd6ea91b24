/**
 * A chart on a page: `<canvas data-chart-config="<id of a JSON block>">` next to the block with
 * its spec, which `views/static/charts.js` instantiates. `chartUpdate` is the fragment an SSE
 * message or swap carries to replace a chart's data in place.
 */
import { html, json, type SafeHtml } from '../html'
import { chartValues, type ChartSpec } from './spec'

/** True when the chart has nothing to show: no labels, or every value 0. */
export function isEmptyChart(spec: ChartSpec): boolean {
  return chartValues(spec).datasets.every((d) => d.data.every((v) => !v))
}

/**
 * `id` names the chart on the page (the canvas id); `label` is what a screen reader hears;
 * `emptyText` shows instead of the chart while it has nothing to show ("no visits yet"), also
 * after a live update (charts.js keeps `data-empty` in step).
 */
export function chartCanvas(id: string, spec: ChartSpec, label: string, emptyText = 'Nothing to show yet'): SafeHtml {
  return html`<div class="chart-box" data-empty="${String(isEmptyChart(spec))}"><canvas id="${id}" data-chart-config="${id}-config" role="img" aria-label="${label}"></canvas><p class="chart-empty">${emptyText}</p></div>
<script type="application/json" id="${id}-config">${json(spec)}</script>`
}

/** New data for the chart `id` (labels and every dataset's values), applied without redrawing the chart from scratch. */
export function chartUpdate(id: string, spec: ChartSpec): SafeHtml {
  return html`<script type="application/json" data-chart-update="${id}">${json(chartValues(spec))}</script>`
}
