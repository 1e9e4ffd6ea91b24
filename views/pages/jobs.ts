/** Core's scheduled jobs as an operator reads them: when each last ran, how long, how many rows, and whether it failed. */
import { format } from '../format'
import { html, type SafeHtml } from '../html'
import { layout, type Shell } from '../layouts/base'

export interface JobRow {
  job: string
  intervalMs: number | null
  lastRun: { startedAt: string; finishedAt: string | null; durationMs: number | null; rows: number | null; error: string | null } | null
  nextDueAt: string | null
}

export interface JobsView {
  items: readonly JobRow[]
  /** core could not be asked */
  error?: string
}

function result(run: JobRow['lastRun']): SafeHtml {
  if (!run) return html`<span class="badge">Not run yet</span>`
  if (run.error) return html`<span class="badge status-failed">Failed</span> <span class="small job-error">${run.error}</span>`
  if (!run.finishedAt) return html`<span class="badge status-running">Running</span>`
  return html`<span class="badge status-ok">OK</span>`
}

function duration(ms: number | null): string {
  if (ms === null) return '–'
  if (ms < 1000) return `${format.count(ms)} ms`
  return ms < 60_000 ? `${format.decimal(Math.round(ms / 100) / 10)} s` : format.duration(ms / 1000)
}

function row(j: JobRow): SafeHtml {
  return html`<tr>
  <td><code>${j.job}</code></td>
  <td>${result(j.lastRun)}</td>
  <td>${format.dateTime(j.lastRun?.startedAt)}</td>
  <td class="num">${duration(j.lastRun?.durationMs ?? null)}</td>
  <td class="num">${format.count(j.lastRun?.rows)}</td>
  <td>${j.intervalMs === null ? '–' : `every ${format.duration(j.intervalMs / 1000)}`}</td>
  <td>${format.dateTime(j.nextDueAt)}</td>
</tr>`
}

function body(view: JobsView): SafeHtml {
  if (view.error) return html`<div class="widget-error" role="alert">${view.error}</div>`
  if (!view.items.length) return html`<div class="panel empty"><strong>No jobs have run yet</strong><p>Core's scheduled jobs show here after their first run.</p></div>`
  return html`<div class="table-wrap"><table>
  <thead><tr><th>Job</th><th>Last result</th><th>Last started</th><th class="num">Duration</th><th class="num">Rows</th><th>Schedule</th><th>Next due</th></tr></thead>
  <tbody>${view.items.map(row)}</tbody>
</table></div>`
}

export function jobsPage(shell: Shell, view: JobsView): SafeHtml {
  return layout(
    shell,
    { title: 'Jobs', section: 'jobs' },
    html`<div class="page-head"><div><h1>Jobs</h1><p>Core's scheduled jobs (cohort summaries, retiring ended activities, eligibility warm-up): their last run.</p></div></div>
${body(view)}`,
  )
}
