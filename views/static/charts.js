/*
 * Chart set-up for our pages (no inline scripts under the CSP): every
 * <canvas data-chart-config="<id>"> becomes a Chart.js chart from the JSON spec in the
 * <script type="application/json" id="<id>"> block (views/charts/). A swapped fragment or SSE
 * message holding <script type="application/json" data-chart-update="<canvas id>"> replaces that
 * chart's labels and values in place (chart.update('none'): no animation, no flicker).
 */
(() => {
  'use strict'

  function readJson(element) {
    try {
      return JSON.parse(element.textContent || 'null')
    } catch (error) {
      console.error('axon charts: unreadable chart data', element, error)
      return null
    }
  }

  function formatter(valueFormat) {
    if (!valueFormat) return null
    const options = valueFormat.currency
      ? { style: 'currency', currency: valueFormat.currency, maximumFractionDigits: 2 }
      : { maximumFractionDigits: 2 }
    const number = new Intl.NumberFormat(valueFormat.locale, options)
    const suffix = valueFormat.suffix || ''
    return (value) => number.format(value) + suffix
  }

  /** Money and percentages read in the shop's locale on the value axis and in tooltips. */
  function applyFormat(spec) {
    const format = formatter(spec.valueFormat)
    if (!format) return spec.chart
    const chart = spec.chart
    const options = (chart.options = chart.options || {})
    const scales = (options.scales = options.scales || {})
    const axis = (scales[spec.valueAxis] = scales[spec.valueAxis] || {})
    axis.ticks = Object.assign({}, axis.ticks, { callback: (value) => format(value) })
    const plugins = (options.plugins = options.plugins || {})
    plugins.tooltip = Object.assign({}, plugins.tooltip, {
      callbacks: {
        label: (item) => {
          const value = spec.valueAxis === 'x' ? item.parsed.x : item.parsed.y
          return `${item.dataset.label}: ${format(value)}`
        },
      },
    })
    return chart
  }

  function createChart(canvas) {
    if (window.Chart.getChart(canvas)) return
    const block = document.getElementById(canvas.dataset.chartConfig)
    const spec = block && readJson(block)
    if (!spec) return
    try {
      new window.Chart(canvas, applyFormat(spec))
    } catch (error) {
      // one broken chart must not take the rest of the page with it
      console.error('axon charts: chart failed', canvas.id, error)
      canvas.closest('.chart-box')?.classList.add('chart-failed')
    }
  }

  function updateChart(block) {
    const canvas = document.getElementById(block.dataset.chartUpdate)
    const chart = canvas && window.Chart.getChart(canvas)
    const values = readJson(block)
    if (!chart || !values) return
    chart.data.labels = values.labels
    values.datasets.forEach((dataset, i) => {
      if (chart.data.datasets[i]) chart.data.datasets[i].data = dataset.data
    })
    chart.update('none')
    const box = canvas.closest('.chart-box')
    const empty = values.datasets.every((dataset) => dataset.data.every((value) => !value))
    if (box) box.dataset.empty = String(empty)
  }

  /** Charts whose canvas left the page (a swap replaced it) are destroyed, so they don't leak. */
  function destroyDetached() {
    Object.values(window.Chart.instances).forEach((chart) => {
      if (!chart.canvas.isConnected) chart.destroy()
    })
  }

  function refresh(root) {
    if (!window.Chart) return
    destroyDetached()
    root.querySelectorAll('canvas[data-chart-config]').forEach(createChart)
    root.querySelectorAll('script[type="application/json"][data-chart-update]').forEach(updateChart)
  }

  function start() {
    refresh(document)
    // the whole page, not the swap's target: an SSE message may carry updates for charts elsewhere
    document.addEventListener('htmx:after:swap', () => refresh(document))
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start)
  else start()
})()
