import { expect, test } from 'bun:test'
import { escapeHtml, html, json, raw } from './html'

test('every interpolation is escaped: a campaign named <script> is text, in an element and in an attribute', () => {
  const name = `<script>alert(1)</script>"'&\``
  const page = html`<h1 title="${name}">${name}</h1>`.value
  expect(page).toBe(
    '<h1 title="&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;&#96;">&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;&#96;</h1>',
  )
  expect(page).not.toContain('<script>')
})

test('lists join, nested templates stay HTML, and null, undefined and false render nothing', () => {
  const rows = ['a<b', 'c'].map((v) => html`<li>${v}</li>`)
  expect(html`<ul>${rows}</ul>${null}${undefined}${false}${0}`.value).toBe('<ul><li>a&lt;b</li><li>c</li></ul>0')
})

test('raw is the only way in for markup', () => {
  expect(html`${raw('<b>ok</b>')}${'<b>no</b>'}`.value).toBe('<b>ok</b>&lt;b&gt;no&lt;/b&gt;')
  expect(escapeHtml('plain')).toBe('plain')
})

test('json cannot close the script element it sits in, and parses back to the same value', () => {
  const value = { name: '</script><script>alert(1)</script>', line: 'a\u2028b', amp: '&' }
  const text = json(value).value
  expect(text).not.toContain('<')
  expect(text).not.toContain('\u2028')
  expect(JSON.parse(text)).toEqual(value)
})
