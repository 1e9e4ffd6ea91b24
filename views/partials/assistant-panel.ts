/**
 * The assistant on a campaign or activity page: what is open goes with every question, so "how's
 * this one doing?" is about this page. The same form and answers as /admin/assistant.
 */
import type { AskContext } from '../../analytics/assistant/port'
import { html, type SafeHtml } from '../html'
import { askForm, conversation, suggestions } from './assistant-form'

/** What a page with the panel loads besides htmx and app.css (the SSE extension reads the answer stream). */
export const assistantAssets = { scripts: ['hx-sse.js', 'assistant.js'], styles: ['assistant.css'] } as const

export function assistantPanel(context: AskContext, what: 'campaign' | 'activity'): SafeHtml {
  return html`<section class="panel assistant-panel" id="assistant-panel" aria-labelledby="assistant-panel-title">
  <h2 id="assistant-panel-title">Ask about this ${what}</h2>
  <p class="muted small">Answers come from this ${what}'s numbers; each figure used is listed under the answer. <a href="/admin/assistant">Open the assistant</a></p>
  ${conversation(suggestions([`How's this ${what} doing?`, 'Where do visitors drop off, and what should I try?']))}
  ${askForm(context, `Ask about this ${what}, e.g. "how's this one doing?"`)}
</section>`
}
