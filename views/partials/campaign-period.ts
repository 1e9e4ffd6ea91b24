/**
 * The period picker of the campaign dashboard: last 24 hours, 7 days, 30 days, or custom dates.
 * A plain GET form to the page's own address (works without script); htmx sends it to the
 * dashboard fragment instead and swaps it in, and the server pushes the page address with the
 * period into the browser's history, so the URL stays shareable. A date the API refuses is shown
 * next to its field.
 */
import { html, type SafeHtml } from '../html'
import { format } from '../format'

const { dateTime } = format

export interface PeriodChoice {
  period?: string
  startDate?: string
  endDate?: string
}

export interface PeriodPicker {
  /** the page's address: the form's action without script */
  page: string
  /** the fragment htmx asks for */
  fragment: string
  /** the id of the element the fragment replaces */
  target: string
  picked: PeriodChoice
  /** the period the numbers cover, once valid */
  range?: { from: string; to: string }
  /** the parameter the API refused and why */
  error?: { parameter: string; message: string }
}

const presets = [
  ['1d', 'Last 24 hours'],
  ['7d', 'Last 7 days'],
  ['30d', 'Last 30 days'],
] as const

function dateField(name: 'startDate' | 'endDate', label: string, picker: PeriodPicker): SafeHtml {
  const value = picker.picked[name] ?? ''
  const wrong = picker.error?.parameter === name
  // a date-time from a shared address does not fit a date input; the range line still says what is shown
  const dateValue = /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : ''
  return html`<label class="field">${label}
    <input type="date" name="${name}" value="${dateValue}"${wrong ? html` aria-invalid="true" aria-describedby="${name}-error"` : ''}>
    ${wrong ? html`<span class="field-error" id="${name}-error">${picker.error!.message}</span>` : ''}
  </label>`
}

export function periodPicker(picker: PeriodPicker): SafeHtml {
  const current = picker.picked.period ?? '7d'
  const otherError = picker.error && picker.error.parameter !== 'startDate' && picker.error.parameter !== 'endDate'
  // the custom dates come first in the markup so Enter in a date field applies them (the first
  // submit button is the form's default); the stylesheet shows the presets first
  return html`<form class="period-picker" action="${picker.page}" method="get"
      hx-get="${picker.fragment}" hx-target="#${picker.target}" hx-swap="outerHTML">
  <fieldset class="period-custom">
    <legend class="visually-hidden">Custom dates</legend>
    ${dateField('startDate', 'From', picker)}
    ${dateField('endDate', 'To', picker)}
    <button type="submit" name="period" value="custom" aria-pressed="${String(current === 'custom')}">Apply dates</button>
  </fieldset>
  <fieldset class="period-presets">
    <legend class="visually-hidden">Period</legend>
    ${presets.map(([value, label]) => html`<button type="submit" name="period" value="${value}" aria-pressed="${String(current === value)}">${label}</button>`)}
  </fieldset>
  ${otherError ? html`<p class="field-error" role="alert">${picker.error!.message}</p>` : ''}
  ${picker.range ? html`<p class="period-range">Showing ${dateTime(picker.range.from)} – ${dateTime(picker.range.to)}</p>` : ''}
</form>`
}
