/**
 * The assistant page (/admin/assistant): a marketer asks in plain language and the answer streams
 * in, with who answered (the AI model by name, or the built-in analyst) and every look-up of the
 * numbers it used, expandable to its figures. The recent questions the assistant remembers for
 * follow-ups ("and last week?") are shown first, so what it remembers is what the marketer sees.
 */
import type { Exchange } from '../../analytics/assistant/history'
import { html, type SafeHtml } from '../html'
import { pastTurn } from '../partials/assistant-answer'
import { askForm, conversation, suggestions } from '../partials/assistant-form'

const examples = [
  'Which campaigns are running, and how are they doing?',
  'Visitors were high but purchases low — why, and what should I try?',
  "What share of last week's visitors bought?",
] as const

function remembered(past: readonly Exchange[]): SafeHtml {
  return html`<p class="muted small assistant-remembered">Your recent questions — the assistant remembers them, so a follow-up like "and last week?" knows what you meant.</p>
  ${past.map(pastTurn)}`
}

export function assistantPage(past: readonly Exchange[] = []): SafeHtml {
  return html`<header class="page-head">
  <div>
    <h1>Assistant</h1>
    <p>Ask about your campaigns and activities. Answers come from the same numbers as the dashboards; every figure used is listed under the answer.</p>
  </div>
</header>
<section class="panel assistant-main">
  ${conversation(past.length ? remembered(past) : html`<div class="assistant-intro">
    <p class="muted small">It reads funnels, promotion against normal days, hourly visits, cohorts, LTV and acquisition cost. Demographics and search terms are not recorded, so it cannot answer about them. On a campaign or activity page, the assistant there knows which one is open.</p>
    ${suggestions(examples)}
  </div>`)}
  ${askForm({}, 'Ask a question, e.g. "how is activity 12 doing this week?"')}
</section>`
}
