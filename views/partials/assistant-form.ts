/**
 * The question form of the assistant page and of the panel on the campaign and activity pages.
 * htmx posts it (with the CSRF header csrf.js adds) to `/admin/assistant/ask`, which answers a
 * server-sent stream: its first message (the turn) goes to the end of the conversation, later ones
 * into their places in it (assistant-answer.ts). A refused question (400) shows under the box. The
 * open campaign or activity goes with the question, so "how's this one doing?" needs no id.
 */
import type { AskContext } from '../../analytics/assistant/port'
import { maxQuestionLength } from '../../analytics/assistant/service'
import { html, type SafeHtml } from '../html'

/** The ids of the conversation and of the form's error line (one assistant per page). */
export const assistantIds = { log: 'assistant-log', formError: 'assistant-form-error', question: 'assistant-question' } as const

export function askForm(context: AskContext, placeholder: string): SafeHtml {
  return html`<form class="assistant-form"
    hx-post="/admin/assistant/ask" hx-target="#${assistantIds.log}" hx-swap="beforeend"
    hx-status:400="target:#${assistantIds.formError} swap:innerHTML" hx-disable="find button">
  ${context.campaignId !== undefined && html`<input type="hidden" name="campaignId" value="${context.campaignId}">`}
  ${context.activityId !== undefined && html`<input type="hidden" name="activityId" value="${context.activityId}">`}
  <label class="visually-hidden" for="${assistantIds.question}">Your question</label>
  <textarea id="${assistantIds.question}" name="question" rows="2" maxlength="${maxQuestionLength}" placeholder="${placeholder}" aria-describedby="${assistantIds.formError}"></textarea>
  <div class="assistant-form-row">
    <p class="field-error" id="${assistantIds.formError}" role="alert"></p>
    <span class="htmx-indicator muted small">Answering…</span>
    <button type="submit" class="primary">Ask</button>
  </div>
</form>`
}

/** Questions a marketer can ask with one click (assistant.js puts one in the box and sends it). */
export function suggestions(questions: readonly string[]): SafeHtml {
  return html`<div class="assistant-suggestions"><span class="muted small">Try:</span> ${questions.map(
    (q) => html`<button type="button" class="suggestion" data-question="${q}">${q}</button> `,
  )}</div>`
}

/** The conversation (answers are appended), empty until the first question. */
export function conversation(empty: SafeHtml): SafeHtml {
  return html`<div class="assistant-log" id="${assistantIds.log}" aria-live="off">${empty}</div>`
}
