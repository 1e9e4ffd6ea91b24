import { expect, test } from 'bun:test'
import { html } from '../html'
import { layout } from './base'

const assets = { 'app.css': '/static/a/app.css', 'htmx.js': '/static/b/htmx.js', 'csrf.js': '/static/c/csrf.js', 'chart.js': '/static/d/chart.js' }
const shell = { account: { email: '<b>ann</b>@shop.test', role: 'analyst' as const }, csrfToken: 'tok"en', assets }

test('the layout links our own assets in order, marks the current section and escapes who is signed in', () => {
  const page = layout(shell, { title: 'Jobs', section: 'jobs', scripts: ['chart.js'] }, html`<p>body</p>`).value
  const scripts = [...page.matchAll(/<script defer src="([^"]+)"/g)].map((m) => m[1])
  expect(scripts).toEqual(['/static/b/htmx.js', '/static/c/csrf.js', '/static/d/chart.js'])
  expect(page).toContain('<link rel="stylesheet" href="/static/a/app.css">')
  expect(page).toContain('<a href="/admin/jobs" aria-current="page">Jobs</a>')
  expect(page).toContain('&lt;b&gt;ann&lt;/b&gt;@shop.test')
  expect(page).toContain('<meta name="csrf-token" content="tok&quot;en">')
  expect(page).toContain('<input type="hidden" name="_csrf" value="tok&quot;en">')
  expect(page).not.toMatch(/<script>|style=/)
})

test('a page asking for an asset that does not exist is a bug, found at once', () => {
  expect(() => layout(shell, { title: 'x', scripts: ['charts.js'] }, html``)).toThrow(/unknown asset "charts.js"/)
})
