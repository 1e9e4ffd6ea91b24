import { expect, test } from 'bun:test'
import { answerEvent, answererLine, toolLine } from './assistant-answer'
import { fieldName, figure, figures } from './assistant-figures'

test('who answered: the model by name, the built-in analyst never as a model', () => {
  expect(answererLine({ type: 'start', answerer: 'model', model: 'gemini-2.0-flash' }).value).toContain('<strong>Gemini gemini-2.0-flash</strong>')
  const analyst = answererLine({ type: 'start', answerer: 'analyst' }).value
  expect(analyst).toContain('<strong>Built-in analyst</strong> — rules over your numbers, not an AI model')
  expect(analyst).not.toMatch(/Gemini|AI model,/)
})

test('a tool line opens to its figures as tables, names and values written for people, all as text', () => {
  const line = toolLine({
    type: 'tool',
    id: 'c1',
    tool: 'list_campaigns',
    label: 'campaigns of <b>the shop</b>',
    args: {},
    outcome: { ok: true, result: { campaigns: [{ id: 3, name: '<script>alert(1)</script>', budget: 500000, conversionRate: 12.5, startsAt: '2026-12-01T00:00:00.000Z' }], total: 1 } },
  }).value
  expect(line).toContain('<summary>used: campaigns of &lt;b&gt;the shop&lt;/b&gt;</summary>')
  expect(line).toContain('<th scope="col">conversion rate</th>')
  expect(line).toContain('<td>&lt;script&gt;alert(1)&lt;/script&gt;</td>')
  expect(line).not.toContain('<script>')
  expect(line).toContain('<th scope="row">total</th><td class="num">1</td>')
  expect(line).not.toContain('{"')
})

test('a refused tool call says why instead of figures', () => {
  const line = toolLine({ type: 'tool', id: 'c2', tool: 'activity_dashboard', label: 'funnel of activity 99', args: { activityId: 99 }, outcome: { ok: false, error: { code: 'NOT_VISIBLE', message: 'activity 99 is not <yours>' } } }).value
  expect(line).toContain('turn-tool-failed')
  expect(line).toContain('activity 99 is not &lt;yours&gt; <code>NOT_VISIBLE</code>')
})

test('figures: money, rates, instants and counts by their field; long lists say what they left out', () => {
  expect(fieldName('purchaseCount')).toBe('purchase count')
  expect(fieldName('ltv30')).toBe('LTV 30')
  expect(fieldName('ltvCacRatio30d')).toBe('LTV CAC ratio 30d')
  expect(fieldName('avgCAC')).toBe('avg CAC')
  expect(fieldName('retentionD7')).toBe('retention D7')
  // the value is shown as a duration ("13 h"): the header names the percentile, not a unit it no longer shows
  expect(fieldName('p95Seconds')).toBe('p95')
  expect(fieldName('timeToConvertSeconds')).toBe('time to convert')
  expect(figure('p95Seconds', 46_800)).toBe('13 h')
  expect(figure('revenue', 90000)).toMatch(/90,000/)
  expect(figure('conversionRate', 12.5)).toBe('12.5%')
  expect(figure('totalVisits', 1200)).toBe('1,200')
  expect(figure('activityId', 12345)).toBe('12345')
  expect(figure('ratio', 2.345)).toBe('2.35')
  expect(figure('x', null)).toBe('–')
  const many = figures({ hours: Array.from({ length: 30 }, (_, i) => ({ hour: i, visits: i * 2 })) }).value
  expect(many.match(/<tr>/g)!.length).toBe(1 + 12)
  expect(many).toContain('and 18 more rows')
  expect(figures({ a: { b: { c: { d: 1 } } } }).value).toContain('<pre class="figure-json">{&quot;d&quot;:1}</pre>')
})

test('a text piece goes into its turn as text; an error names its code and closes the turn', () => {
  expect(answerEvent('turn-1', { type: 'text', text: '</hx-partial><img src=x onerror=alert(1)>' }).value).toBe(
    '<hx-partial hx-target="#turn-1-text" hx-swap="beforeend">&lt;/hx-partial&gt;&lt;img src=x onerror=alert(1)&gt;</hx-partial>',
  )
  const error = answerEvent('turn-1', { type: 'error', code: 'MODEL_TIMEOUT', message: 'The model took too long.' }).value
  expect(error).toContain('<p class="turn-error" data-code="MODEL_TIMEOUT" role="alert">The model took too long.</p>')
  expect(error).toContain('No answer.')
})
