/**
 * The one way pages make HTML: the `html` tagged template escapes every interpolation (campaign
 * names, shopper input, error messages are text, never markup). HTML that must go in as it is
 * needs `raw(…)`: the visible opt-out a reviewer greps for. Pages are pure functions: data in,
 * SafeHtml out.
 */

/** HTML that is safe to put into a page as it is: made by `html`, `raw` or `json`. */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value
  }
}

export type Interpolation = SafeHtml | string | number | boolean | null | undefined | readonly Interpolation[]

const escapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' }

/** Text as HTML text or as a quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`]/g, (c) => escapes[c]!)
}

function render(value: Interpolation): string {
  if (value instanceof SafeHtml) return value.value
  if (value === null || value === undefined || value === false) return ''
  if (Array.isArray(value)) return value.map(render).join('')
  return escapeHtml(String(value))
}

/**
 * html`<p>${name}</p>` escapes `name`; arrays are joined (a list of rows), null, undefined and
 * false render nothing (conditional parts: `${cond && html`…`}`).
 */
export function html(strings: TemplateStringsArray, ...values: Interpolation[]): SafeHtml {
  let out = strings[0]!
  for (let i = 0; i < values.length; i++) out += render(values[i]!) + strings[i + 1]!
  return new SafeHtml(out)
}

/** Markup put in unescaped: only for HTML the program made itself, never for input. */
export function raw(trusted: string): SafeHtml {
  return new SafeHtml(trusted)
}

/**
 * A value as JSON inside `<script type="application/json">` (chart data the page's scripts read):
 * `<`, `>`, `&` and the line separators are escaped, so no string can close the script element.
 */
export function json(value: unknown): SafeHtml {
  const text = JSON.stringify(value) ?? 'null'
  return new SafeHtml(
    text.replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`),
  )
}
