/**
 * The cohort's date range: customers whose first purchase in the activity falls between From and
 * To. A GET form to the page's own address; htmx swaps the cohort panel instead and the server
 * pushes the address with the dates. A date the API refuses is shown next to its field.
 */
import { html, type SafeHtml } from '../html'

/** What the panel shows: the dates and retention mode in effect (defaults filled in). */
export interface CohortChoice {
  startDate: string
  endDate: string
  retention: string
}

/** Where the cohort's forms go: the page (without script), the fragment htmx asks for, the element it replaces. */
export interface CohortForm {
  page: string
  fragment: string
  target: string
}

export interface ParameterError {
  parameter: string
  message: string
}

function dateField(name: 'startDate' | 'endDate', label: string, value: string, error?: ParameterError): SafeHtml {
  const wrong = error?.parameter === name
  const dateValue = /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : ''
  return html`<label class="field">${label}
    <input type="date" name="${name}" value="${dateValue}" required${wrong ? html` aria-invalid="true" aria-describedby="${name}-error"` : ''}>
    ${wrong ? html`<span class="field-error" id="${name}-error">${error!.message}</span>` : ''}
  </label>`
}

export function cohortPicker(form: CohortForm, chosen: CohortChoice, error?: ParameterError): SafeHtml {
  const otherError = error && error.parameter !== 'startDate' && error.parameter !== 'endDate'
  return html`<form class="period-picker" action="${form.page}" method="get" hx-get="${form.fragment}" hx-target="#${form.target}" hx-swap="outerHTML">
  <fieldset class="period-custom">
    <legend>First purchase between</legend>
    ${dateField('startDate', 'From', chosen.startDate, error)}
    ${dateField('endDate', 'To', chosen.endDate, error)}
    <input type="hidden" name="retention" value="${chosen.retention}">
    <button type="submit">Apply dates</button>
  </fieldset>
  ${otherError ? html`<p class="field-error" role="alert">${error.message}</p>` : ''}
</form>`
}
