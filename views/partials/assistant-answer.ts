/**
 * One answer of the assistant as it streams in: the first server-sent message is the turn (the
 * question, an empty place for who answers, the text, the tools used, the status); every later
 * event is an `<hx-partial>` aimed at its place in that turn — a text piece appends to the text,
 * a tool call adds an expandable "used: …" line with the figures it returned. All text is escaped:
 * answers and tool outputs carry campaign names, which marketers type.
 */
import type { Exchange } from '../../analytics/assistant/history'
import type { AssistantEvent } from '../../analytics/assistant/port'
import { format } from '../format'
import { html, type SafeHtml } from '../html'
import { figures } from './assistant-figures'

/** The element ids of one turn's places, from the turn's own id. */
export const turnPlaces = (turnId: string) => ({
  who: `${turnId}-who`,
  notices: `${turnId}-notices`,
  tools: `${turnId}-tools`,
  text: `${turnId}-text`,
  status: `${turnId}-status`,
})

/** Who answered, said plainly: the model by name, or the built-in analyst as what it is. */
export function answererLine(event: Extract<AssistantEvent, { type: 'start' }>): SafeHtml {
  if (event.answerer === 'analyst')
    return html`<span class="answerer answerer-analyst"><strong>Built-in analyst</strong> — rules over your numbers, not an AI model</span>`
  const model = event.model ?? 'language model'
  const vendor = /^gemini/i.test(model) ? 'Gemini ' : 'AI model '
  return html`<span class="answerer answerer-model"><strong>${vendor}${model}</strong> — an AI model, answering from the numbers listed below it</span>`
}

/** The turn a question opens, with its places empty; `formError` is cleared (the question was taken). */
export function answerTurn(turnId: string, question: string, formError: string): SafeHtml {
  const at = turnPlaces(turnId)
  return html`<article class="assistant-turn" id="${turnId}">
  <p class="turn-question"><span class="visually-hidden">You asked: </span>${question}</p>
  <div class="turn-answer">
    <p class="turn-who" id="${at.who}"><span class="muted">Looking at your numbers…</span></p>
    <div class="turn-notices" id="${at.notices}"></div>
    <div class="turn-text" id="${at.text}"></div>
    <ul class="turn-tools" id="${at.tools}" aria-label="Numbers the answer used"></ul>
    <p class="turn-status" id="${at.status}" role="status"><span class="writing">Writing…</span></p>
  </div>
</article>
<hx-partial hx-target="#${formError}" hx-swap="innerHTML"></hx-partial>`
}

/** One tool call as a line that opens to the figures it returned (or why it returned none). */
export function toolLine(event: Extract<AssistantEvent, { type: 'tool' }>): SafeHtml {
  const { outcome } = event
  return html`<li class="turn-tool${outcome.ok ? '' : ' turn-tool-failed'}" data-tool="${event.tool}"><details>
  <summary>used: ${event.label}${outcome.ok ? '' : html` <span class="badge status-failed">no figures</span>`}</summary>
  <div class="tool-figures">${outcome.ok ? figures(outcome.result) : html`<p class="tool-error">${outcome.error.message} <code>${outcome.error.code}</code></p>`}</div>
</details></li>`
}

export function noticeLine(event: { code: string; message: string }): SafeHtml {
  return html`<p class="turn-notice" data-code="${event.code}" role="status">${event.message}</p>`
}

export function errorLine(event: { code: string; message: string }): SafeHtml {
  return html`<p class="turn-error" data-code="${event.code}" role="alert">${event.message}</p>`
}

function donePhrase(event: Extract<AssistantEvent, { type: 'done' }>): string {
  if (event.toolCalls === 0) return 'Answered without looking up figures.'
  return `Answered from ${format.count(event.toolCalls)} look-up${event.toolCalls === 1 ? '' : 's'} of your numbers.`
}

const partial = (target: string, swap: 'innerHTML' | 'beforeend', body: SafeHtml) =>
  html`<hx-partial hx-target="#${target}" hx-swap="${swap}">${body}</hx-partial>`

/** What one event changes in its turn, as the HTML of one server-sent message. */
export function answerEvent(turnId: string, event: AssistantEvent): SafeHtml {
  const at = turnPlaces(turnId)
  switch (event.type) {
    case 'start':
      return partial(at.who, 'innerHTML', answererLine(event))
    case 'tool':
      return partial(at.tools, 'beforeend', toolLine(event))
    case 'text':
      return partial(at.text, 'beforeend', html`${event.text}`)
    case 'notice':
      return partial(at.notices, 'beforeend', noticeLine(event))
    case 'done':
      return partial(at.status, 'innerHTML', html`<span class="muted small">${donePhrase(event)}</span>`)
    case 'error':
      return html`${partial(at.notices, 'beforeend', errorLine(event))}${partial(at.status, 'innerHTML', html`<span class="muted small">No answer.</span>`)}`
  }
}

/** A question refused before it became a turn (rate limit, an id it may not see), answered as one closed turn. */
export function refusedTurn(turnId: string, question: string, formError: string, error: { code: string; message: string }): SafeHtml {
  const at = turnPlaces(turnId)
  return html`<article class="assistant-turn turn-refused" id="${turnId}">
  <p class="turn-question"><span class="visually-hidden">You asked: </span>${question}</p>
  <div class="turn-answer"><div class="turn-notices" id="${at.notices}">${errorLine(error)}</div></div>
</article>
<hx-partial hx-target="#${formError}" hx-swap="innerHTML"></hx-partial>`
}

/** An earlier question and its answer, as the assistant remembers it for follow-ups (its figures are not kept). */
export function pastTurn(exchange: Exchange): SafeHtml {
  const looked = exchange.used.length
  return html`<article class="assistant-turn turn-past">
  <p class="turn-question"><span class="visually-hidden">You asked: </span>${exchange.question}</p>
  <div class="turn-answer">
    <div class="turn-text">${exchange.answer}</div>
    <p class="turn-status"><span class="muted small">Earlier answer${looked ? `, from ${format.count(looked)} look-up${looked === 1 ? '' : 's'} of your numbers` : ''}.</span></p>
  </div>
</article>`
}
