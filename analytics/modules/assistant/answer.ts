/**
 * One answer of the assistant service, for the routes: opened far enough to know whether it can be
 * given at all (a first `error` — rate limit, a bad question — answers with its HTTP status instead
 * of a stream; an id the marketer may not see is refused before asking), then streamed on, or
 * collected into one JSON answer. A service that throws half-way ends the stream with an `error`
 * event, so the page never waits forever.
 */
import { t } from 'elysia'
import { AppError, isTransient } from '../../../common/errors'
import type { Pool } from '../../../common/clients/mysql'
import type { Logger } from '../../../common/log'
import type { Answerer, Assistant, AskInput, AssistantEvent, ToolOutcome } from '../../assistant/port'
import { maxQuestionLength } from '../../assistant/service'
import { checkScope } from '../../auth/scope'

const id = (what: string) => t.Integer({ minimum: 1, description: `the ${what} that is open: "this one" in the question means it` })

/** A question, and what is open when it is asked. The API's body; the page's form is read into it. */
export const askBody = t.Object(
  {
    question: t.String({ minLength: 1, maxLength: maxQuestionLength, pattern: '\\S', description: 'the question in plain language (1 to 2,000 characters, not only spaces)' }),
    campaignId: t.Optional(id('campaign')),
    activityId: t.Optional(id('activity')),
  },
  { additionalProperties: false },
)
export type AskBody = typeof askBody.static

type ErrorBody = { code: string; message: string }
/** An answer refused with its status; `retryAfterSeconds` becomes the Retry-After header. */
type Refusal = { ok: false; status: number; error: ErrorBody; retryAfterSeconds?: number }

/** The HTTP status of an answer that could not be given, by its code. */
export function statusOf(code: string): number {
  if (code === 'RATE_LIMITED') return 429
  if (code === 'UNAUTHENTICATED') return 401
  if (code === 'FORBIDDEN') return 403
  if (/NOT_FOUND$/.test(code)) return 404
  if (/^(INVALID|BAD|VALIDATION)/.test(code)) return 400
  return 503
}

function refusal({ code, message, retryAfterSeconds }: Extract<AssistantEvent, { type: 'error' }>): Refusal {
  return { ok: false, status: statusOf(code), error: { code, message }, ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }) }
}

/** Sets the status of a refusal, and Retry-After when it says when asking again will work. */
export function refuse(set: { status?: number | string; headers: Record<string, string | number> }, refused: Refusal): ErrorBody {
  set.status = refused.status
  if (refused.retryAfterSeconds !== undefined) set.headers['retry-after'] = String(Math.max(1, Math.ceil(refused.retryAfterSeconds)))
  return refused.error
}

export type OpenedAnswer = { ok: true; events: AsyncIterable<AssistantEvent> } | Refusal

/** Why the assistant threw, as an answer: its own typed error, a dependency that is down (503), or a bug (500, logged). */
function failure(error: unknown, log: Logger): { status: number; error: ErrorBody } {
  if (error instanceof AppError) return { status: error.status, error: { code: error.code, message: error.message } }
  if (isTransient(error)) return { status: 503, error: { code: 'ASSISTANT_UNAVAILABLE', message: 'the numbers cannot be read right now; ask again in a moment' } }
  log.error('assistant failed while answering', { error })
  return { status: 500, error: { code: 'ASSISTANT_FAILED', message: 'the assistant failed on this question; it has been logged' } }
}

export interface AnswerDeps {
  reporting: Pool
  log: Logger
  /** absent when the server has no assistant set up: questions answer 503 ASSISTANT_UNAVAILABLE */
  assistant?: Assistant
}

/** What is open must be something the account may see: another campaign is answered as unknown (404), as its pages are. */
async function checkContext(deps: AnswerDeps, { account, context }: AskInput): Promise<void> {
  if (context?.campaignId !== undefined) await checkScope(deps.reporting, account, 'campaign', context.campaignId)
  if (context?.activityId !== undefined) await checkScope(deps.reporting, account, 'activity', context.activityId)
}

/**
 * Asks, and waits up to `waitMs` for the first event: an answer to stream, or why there is none
 * (with its HTTP status). Refusals (rate limit, a bad question) come at once; a model that takes
 * longer to begin is streamed anyway, so the page shows the question while it thinks.
 */
export async function openAnswer(deps: AnswerDeps, input: AskInput, signal: AbortSignal, waitMs = Infinity): Promise<OpenedAnswer> {
  const { assistant, log } = deps
  if (!assistant) return { ok: false, status: 503, error: { code: 'ASSISTANT_UNAVAILABLE', message: 'the assistant is not set up on this server' } }
  let iterator: AsyncIterator<AssistantEvent>
  let next: Promise<IteratorResult<AssistantEvent>>
  let first: IteratorResult<AssistantEvent> | undefined
  try {
    await checkContext(deps, input)
    iterator = assistant.ask(input, signal)[Symbol.asyncIterator]()
    next = iterator.next()
    // read later in rest(), or never if the marketer leaves: not an unhandled rejection
    next.catch(() => {})
    first = await (waitMs === Infinity ? next : Promise.race([next, Bun.sleep(waitMs).then(() => undefined)]))
  } catch (error) {
    return { ok: false, ...failure(error, log) }
  }
  if (first && !first.done && first.value.type === 'error') {
    return refusal(first.value)
  }
  async function* rest(): AsyncGenerator<AssistantEvent> {
    try {
      for (let event = await next; !event.done; event = await iterator.next()) yield event.value
    } catch (error) {
      if (!signal.aborted) yield { type: 'error', ...failure(error, log).error }
    } finally {
      await iterator.return?.()
    }
  }
  return { ok: true, events: rest() }
}

/** The whole answer as the JSON API gives it. */
export interface CollectedAnswer {
  answerer: Answerer
  model?: string
  text: string
  tools: Array<{ tool: string; label: string; args: Record<string, unknown>; outcome: ToolOutcome }>
  notices: Array<{ code: string; message: string }>
}

/** Reads the answer to its end; an `error` on the way answers with its status instead. */
export async function collectAnswer(events: AsyncIterable<AssistantEvent>): Promise<{ ok: true; answer: CollectedAnswer } | Refusal> {
  const answer: CollectedAnswer = { answerer: 'analyst', text: '', tools: [], notices: [] }
  for await (const event of events) {
    if (event.type === 'start') Object.assign(answer, { answerer: event.answerer }, event.model ? { model: event.model } : {})
    else if (event.type === 'text') answer.text += event.text
    else if (event.type === 'tool') answer.tools.push({ tool: event.tool, label: event.label, args: event.args, outcome: event.outcome })
    else if (event.type === 'notice') answer.notices.push({ code: event.code, message: event.message })
    else if (event.type === 'error') return refusal(event)
  }
  return { ok: true, answer }
}
