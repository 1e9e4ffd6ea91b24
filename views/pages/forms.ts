/**
 * The create and edit forms (campaigns, products, activities): one field renderer for all, each
 * field with its label, hint, and core's validation message right under it (aria-invalid, and
 * aria-describedby so a screen reader reads the message with the field). Plain HTML forms that
 * post with the session's CSRF token; they work without scripts.
 */
import { html, type SafeHtml } from '../html'
import { layout, type Section, type Shell } from '../layouts/base'

export interface FieldOption {
  value: string
  label: string
}

export interface FieldSpec {
  name: string
  label: string
  type: 'text' | 'number' | 'datetime-local' | 'textarea' | 'select' | 'checkbox' | 'checkboxes'
  hint?: string
  required?: boolean
  /** number fields */
  min?: number
  step?: string
  maxLength?: number
  options?: readonly FieldOption[]
  /** fields shown side by side share a row name */
  row?: string
}

export type FormValues = Record<string, string | readonly string[] | undefined>

export interface FormView {
  title: string
  intro?: string
  action: string
  submitLabel: string
  cancelHref: string
  fields: readonly FieldSpec[]
  values: FormValues
  /** field name → what is wrong with it */
  errors: Record<string, string>
  /** what is wrong with the form as a whole (core refused it for a reason no field carries) */
  formError?: string
}

const text = (v: FormValues[string]) => (typeof v === 'string' ? v : '')
const list = (v: FormValues[string]) => (Array.isArray(v) ? v : typeof v === 'string' && v ? [v] : [])

function described(f: FieldSpec, error: string | undefined): SafeHtml {
  const ids = [f.hint && `hint-${f.name}`, error && `err-${f.name}`].filter(Boolean).join(' ')
  return html`${ids && html` aria-describedby="${ids}"`}${error && html` aria-invalid="true"`}`
}

function control(f: FieldSpec, value: FormValues[string], error: string | undefined): SafeHtml {
  const common = html`id="f-${f.name}" name="${f.name}"${f.required && html` required`}${described(f, error)}`
  switch (f.type) {
    case 'textarea':
      return html`<textarea ${common} rows="3"${f.maxLength && html` maxlength="${f.maxLength}"`}>${text(value)}</textarea>`
    case 'select':
      return html`<select ${common}>${(f.options ?? []).map((o) => html`<option value="${o.value}"${o.value === text(value) && html` selected`}>${o.label}</option>`)}</select>`
    case 'checkbox':
      return html`<input type="checkbox" ${common} value="on"${text(value) === 'on' && html` checked`}>`
    case 'checkboxes':
      return html`<span class="choices">${(f.options ?? []).map(
        (o) => html`<label class="choice"><input type="checkbox" name="${f.name}" value="${o.value}"${list(value).includes(o.value) && html` checked`}> ${o.label}</label>`,
      )}</span>`
    default:
      return html`<input type="${f.type}" ${common} value="${text(value)}"${f.min !== undefined && html` min="${f.min}"`}${f.step && html` step="${f.step}"`}${f.maxLength && html` maxlength="${f.maxLength}"`}>`
  }
}

function field(f: FieldSpec, view: FormView): SafeHtml {
  const error = view.errors[f.name]
  const inner = html`${control(f, view.values[f.name], error)}
    ${f.hint && html`<span class="hint" id="hint-${f.name}">${f.hint}</span>`}
    ${error && html`<span class="field-error" id="err-${f.name}">${error}</span>`}`
  if (f.type === 'checkbox') return html`<div class="field field-check"><label for="f-${f.name}">${inner} ${f.label}</label></div>`
  if (f.type === 'checkboxes') return html`<fieldset class="field"><legend>${f.label}</legend>${inner}</fieldset>`
  return html`<div class="field"><label for="f-${f.name}">${f.label}${f.required && html` <span class="muted">(required)</span>`}</label>${inner}</div>`
}

/** Fields in order, consecutive ones sharing a `row` side by side. */
function fieldRows(view: FormView): SafeHtml[] {
  const groups: FieldSpec[][] = []
  for (const f of view.fields) {
    const last = groups.at(-1)
    if (f.row && last?.[0]?.row === f.row) last.push(f)
    else groups.push([f])
  }
  return groups.map((g) => (g.length > 1 ? html`<div class="form-row">${g.map((f) => field(f, view))}</div>` : field(g[0]!, view)))
}

export function formPage(shell: Shell, section: Section, view: FormView): SafeHtml {
  return layout(
    shell,
    { title: view.title, section },
    html`<div class="page-head"><div><h1>${view.title}</h1>${view.intro && html`<p>${view.intro}</p>`}</div></div>
<section class="panel">
  ${view.formError && html`<p class="form-error" role="alert">${view.formError}</p>`}
  <form method="post" action="${view.action}" class="stacked" novalidate>
    <input type="hidden" name="_csrf" value="${shell.csrfToken}">
    ${fieldRows(view)}
    <div class="form-actions"><button type="submit" class="primary">${view.submitLabel}</button><a href="${view.cancelHref}">Cancel</a></div>
  </form>
</section>`,
  )
}

/** A page that only says something: not allowed, not found, not reachable. */
export function messagePage(shell: Shell, section: Section, title: string, message: string, back = { href: '/admin/campaigns', label: 'Back to campaigns' }): SafeHtml {
  return layout(shell, { title, section }, html`<section class="panel empty"><strong>${title}</strong><p>${message}</p><a class="button" href="${back.href}">${back.label}</a></section>`)
}
