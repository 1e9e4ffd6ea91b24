import { expect, test } from 'bun:test'
import { barChart, barsWithBaseline, funnelChart, lineChart } from './builders'
import { chartCanvas, chartUpdate } from './canvas'
import { chartCsv, csvCell } from './csv'
import { chartValues } from './spec'

const krw = { locale: 'ko-KR', currency: 'KRW' }

test('the funnel is horizontal bars with the steps top to bottom and values on the x axis', () => {
  const spec = funnelChart([{ name: 'VISIT', value: 100 }, { name: 'CLICK', value: 40 }, { name: 'PURCHASE', value: 5 }], 'people')
  expect(spec.chart.options?.indexAxis).toBe('y')
  expect(spec.valueAxis).toBe('x')
  expect(chartValues(spec)).toEqual({ labels: ['VISIT', 'CLICK', 'PURCHASE'], datasets: [{ label: 'people', data: [100, 40, 5] }] })
})

test('bars and lines carry one dataset per series, in order, and the money format for the browser', () => {
  const data = { labels: ['a', 'b'], series: [{ label: 'promotion', values: [1, 2] }, { label: 'normal', values: [3, 4] }] }
  const bars = barChart(data, { valueFormat: krw })
  expect(bars.chart.options?.indexAxis).toBe('x')
  expect(bars.valueFormat).toEqual(krw)
  expect(chartValues(bars).datasets.map((d) => d.data)).toEqual([[1, 2], [3, 4]])
  const line = lineChart(data)
  expect(line.chart.type).toBe('line')
  expect(line.valueFormat).toBeUndefined()
  expect(chartValues(line).datasets.map((d) => d.label)).toEqual(['promotion', 'normal'])
})

test('the baseline is a flat dashed line across every label, after the bars', () => {
  const data = { labels: ['2026-01-01', '2026-01-02', '2026-01-03'], series: [{ label: 'promotion', values: [5, 7, 1] }] }
  const spec = barsWithBaseline(data, { label: 'baseline', value: 2.5 })
  const [bars, line] = spec.chart.data.datasets
  expect(bars?.type).toBe('bar')
  expect(line).toMatchObject({ type: 'line', label: 'baseline', data: [2.5, 2.5, 2.5] })
})

test('the legend shows the baseline as a line and the columns as squares, not all as boxes', () => {
  const data = { labels: ['2026-01-01'], series: [{ label: 'promotion', values: [5] }, { label: 'normal', values: [1] }] }
  const spec = barsWithBaseline(data, { label: 'baseline', value: 2.5 })
  expect(spec.chart.options?.plugins?.legend?.labels).toMatchObject({ usePointStyle: true })
  expect(spec.chart.data.datasets.map((d) => (d as { pointStyle?: string }).pointStyle)).toEqual(['rect', 'rect', 'line'])
})

test('count axes step in whole numbers (no 0.4 purchases); money axes do not have to', () => {
  const data = { labels: ['a'], series: [{ label: 'purchases', values: [2] }] }
  const ticks = (spec: ReturnType<typeof barChart>, axis: 'x' | 'y' = 'y') => (spec.chart.options?.scales?.[axis] as { ticks?: { precision?: number } }).ticks
  expect(ticks(barsWithBaseline(data, { label: 'baseline', value: 0.11 }, { counts: true }))?.precision).toBe(0)
  expect(ticks(lineChart(data, { counts: true }))?.precision).toBe(0)
  expect(ticks(funnelChart([{ name: 'VISIT', value: 3 }], 'count'), 'x')?.precision).toBe(0)
  expect(ticks(barChart(data, { valueFormat: krw }))).toBeUndefined()
})

test('a chart on a page: the canvas names its JSON block, the block parses back to the spec, names are escaped', () => {
  const spec = barChart({ labels: ['</script><script>alert(1)</script>'], series: [{ label: 'x', values: [1] }] })
  const page = chartCanvas('chart-funnel', spec, 'funnel "of" <b>').value
  expect(page).toContain('data-chart-config="chart-funnel-config"')
  expect(page).toContain('aria-label="funnel &quot;of&quot; &lt;b&gt;"')
  expect(page.match(/<script/g)?.length).toBe(1)
  const block = page.slice(page.indexOf('>', page.indexOf('<script')) + 1, page.lastIndexOf('</script>'))
  expect(JSON.parse(block)).toEqual(JSON.parse(JSON.stringify(spec)))
  const update = chartUpdate('chart-funnel', spec).value
  expect(update).toContain('data-chart-update="chart-funnel"')
})

test('CSV: label column plus one column per dataset, numbers unformatted, quoting and formula cells made text', () => {
  const spec = barChart({
    labels: ['=HYPERLINK("x")', 'a,b', '+1', '@sum', 'plain'],
    series: [{ label: 'revenue', values: [1234567.5, -3, 0, 10, 2] }],
  })
  expect(chartCsv(spec, 'day')).toBe(
    'day,revenue\r\n"\'=HYPERLINK(""x"")",1234567.5\r\n"a,b",-3\r\n\'+1,0\r\n\'@sum,10\r\nplain,2\r\n',
  )
  expect(csvCell('-5')).toBe("'-5")
  expect(csvCell(-5)).toBe('-5')
  expect(csvCell(Number.NaN)).toBe('')
})
