/**
 * The marketing assistant over HTTP: its page (`/admin/assistant`), the page's and panels' question
 * form (`POST /admin/assistant/ask`, answering a server-sent stream of HTML the page swaps in as it
 * is written), and the JSON API (`POST /api/v1/assistant/ask`: JSON, or a stream of JSON events
 * when Accept asks for text/event-stream). All three ask the one Assistant service.
 */
import { randomUUID } from 'node:crypto'
import { Elysia, t } from 'elysia'
import type { Redis } from '../../../common/clients/redis'
import { compileSchema } from '../../../common/schemas/check'
import { html } from '../../../views/html'
import { layout } from '../../../views/layouts/base'
import { assistantPage } from '../../../views/pages/assistant'
import { answerEvent, answerTurn, refusedTurn } from '../../../views/partials/assistant-answer'
import { assistantIds } from '../../../views/partials/assistant-form'
import { assistantAssets } from '../../../views/partials/assistant-panel'
import type { SignedInAccount } from '../../accounts/model'
import { conversationHistory } from '../../assistant/history'
import type { AssistantEvent } from '../../assistant/port'
import { assistantSettings } from '../../assistant/service'
import { authGuard } from '../../auth'
import { eventFrame, messageFrame, type SseChunk } from '../../sse/frame'
import { htmlPage, shellOf } from '../static/page'
import { askBody, collectAnswer, openAnswer, refuse, type AnswerDeps, type AskBody } from './answer'

export interface AssistantRouteDeps extends AnswerDeps {
  redis: Redis
}

const askChecker = compileSchema(askBody)

/** How long a stream waits for the assistant's first event before it starts anyway (refusals come sooner). */
const firstEventWaitMs = 250

const streamHeaders = { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', 'x-accel-buffering': 'no' }

/** The form's text fields as the API's body: ids as numbers, a missing id left out. */
function fromForm(form: Record<string, unknown>): Record<string, unknown> {
  const value = (name: string) => (typeof form[name] === 'string' ? (form[name] as string).trim() : form[name])
  const idOf = (name: string) => {
    const text = value(name)
    if (text === undefined || text === '') return undefined
    return typeof text === 'string' && /^\d+$/.test(text) ? Number(text) : text
  }
  return Object.fromEntries(
    Object.entries({ question: value('question') ?? '', campaignId: idOf('campaignId'), activityId: idOf('activityId') }).filter(([, v]) => v !== undefined),
  )
}

/** What the box says when a question cannot be asked as typed. */
function formProblem(form: Record<string, unknown>): string {
  const question = typeof form.question === 'string' ? form.question : ''
  if (!/\S/.test(question)) return 'Type a question first.'
  if (question.length > askBody.properties.question.maxLength!) return `That question is too long: at most ${askBody.properties.question.maxLength!.toLocaleString('en')} characters.`
  for (const name of ['campaignId', 'activityId'] as const) {
    const id = form[name]
    if (id !== undefined && !(Number.isSafeInteger(id) && (id as number) >= 1)) return `This question cannot be asked: ${name} must be the id of what is open (a whole number); reload the page.`
  }
  return `This question cannot be asked: ${askChecker.describe(form)}.`
}

const inputOf = (account: SignedInAccount, body: AskBody) => ({
  account,
  question: body.question,
  context: { campaignId: body.campaignId, activityId: body.activityId },
})

async function* htmlStream(turnId: string, question: string, events: AsyncIterable<AssistantEvent>): AsyncGenerator<SseChunk> {
  let n = 0
  yield messageFrame(String(n++), answerTurn(turnId, question, assistantIds.formError).value)
  for await (const event of events) yield messageFrame(String(n++), answerEvent(turnId, event).value)
}

async function* jsonStream(events: AsyncIterable<AssistantEvent>): AsyncGenerator<SseChunk> {
  for await (const { type, ...data } of events) yield eventFrame(type, data)
}

export function assistantRoutes(deps: AssistantRouteDeps) {
  const settings = assistantSettings()
  // the service's own memory of the marketer, read to show it (the service writes it)
  const remembered = conversationHistory(deps.redis, { questions: settings.historyQuestions, hours: settings.historyHours })
  return new Elysia()
    .use(authGuard(deps))
    .get(
      '/admin/assistant',
      async ({ session, account, set }) => {
        const past = await remembered.recent(account!.id)
        return htmlPage(set, layout(shellOf(session!), { title: 'Assistant', section: 'assistant', ...assistantAssets }, assistantPage(past)))
      },
      { detail: { summary: 'The assistant page, with the recent questions the assistant remembers', tags: ['pages'] } },
    )
    .post(
      '/admin/assistant/ask',
      async ({ body, account, request, set }) => {
        const form = fromForm(body)
        if (!askChecker.check(form)) return htmlPage(set, html`${formProblem(form)}`, 400)
        const turnId = `turn-${randomUUID().slice(0, 8)}`
        const opened = await openAnswer(deps, inputOf(account!, form), request.signal, firstEventWaitMs)
        if (!opened.ok) return htmlPage(set, refusedTurn(turnId, form.question, assistantIds.formError, refuse(set, opened)), opened.status)
        Object.assign(set.headers, streamHeaders)
        return htmlStream(turnId, form.question, opened.events)
      },
      {
        body: t.Record(t.String(), t.Unknown()),
        detail: { summary: "The assistant page's question form: the answer as server-sent HTML fragments", tags: ['pages'] },
      },
    )
    .post(
      '/api/v1/assistant/ask',
      async ({ body, account, request, set }) => {
        const streamed = /\btext\/event-stream\b/.test(request.headers.get('accept') ?? '')
        const opened = await openAnswer(deps, inputOf(account!, body), request.signal, streamed ? firstEventWaitMs : Infinity)
        if (!opened.ok) return refuse(set, opened)
        if (streamed) {
          Object.assign(set.headers, streamHeaders)
          return jsonStream(opened.events)
        }
        const collected = await collectAnswer(opened.events)
        return collected.ok ? collected.answer : refuse(set, collected)
      },
      {
        body: askBody,
        detail: {
          tags: ['assistant'],
          summary: 'Ask the marketing assistant a question about the numbers',
          description:
            'Answers from the dashboards\' numbers with the tools it used and their figures: JSON `{ answerer, model?, text, tools[], notices[] }`, ' +
            'or with `Accept: text/event-stream` the answer as it is written — events `start`, `tool`, `text`, `notice`, then `done` or `error`, each with its JSON as data. ' +
            'Without a model key, or when the model fails, the built-in analyst answers (answerer `analyst`). ' +
            '400 VALIDATION_FAILED for a bad body, 401 without a session, 429 RATE_LIMITED with Retry-After when the marketer asked too often, 503 when the assistant cannot answer at all.',
        },
      },
    )
}
