/**
 * The assistant page (/admin/assistant): a marketer asks in plain language and the answer streams
 * in, with who answered (the AI model by name, or the built-in analyst) and every look-up of the
 * numbers it used, expandable to its figures.
 */
import { html, type SafeHtml } from '../html'
import { askForm, conversation, suggestions } from '../partials/assistant-form'

const examples = [
  'Which campaigns are running, and how are they doing?',
  'Visitors were high but purchases low — why, and what should I try?',
  "What share of last week's visitors bought?",
] as const

export function assistantPage(): SafeHtml {
  return html`<header class="page-head">
  <div>
    <h1>Assistant</h1>
    <p>Ask about your campaigns and activities. Answers come from the same numbers as the dashboards; every figure used is listed under the answer.</p>
  </div>
</header>
<section class="panel assistant-main">
  ${conversation(html`<div class="assistant-intro">
    <p class="muted small">It reads funnels, promotion against normal days, hourly visits, cohorts, LTV and acquisition cost. Demographics and search terms are not recorded, so it cannot answer about them. On a campaign or activity page, the assistant there knows which one is open.</p>
    ${suggestions(examples)}
  </div>`)}
  ${askForm({}, 'Ask a question, e.g. "how is activity 12 doing this week?"')}
</section>`
}
