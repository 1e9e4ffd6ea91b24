/**
 * The assistant one question at a time: rate limit, history, then the model's tool loop — or the
 * built-in analyst when there is no model key or the model fails, announced by a notice and named
 * as the answerer (never passed off as the model). Every answer goes into the marketer's history.
 */
import type { Registry } from 'prom-client'
import type { Redis } from '../../common/clients/redis'
import { config } from '../../common/config'
import { shopDay } from '../../common/shop-days'
import { conversationHistory, historyTurns, questionLimit, type Exchange } from './history'
import { toolLoop, type LoopLimits } from './loop'
import { assistantMetrics, type AssistantMetrics } from './metrics'
import { ModelUnavailable, type AskInput, type Assistant, type AssistantEvent, type AssistantModel, type AssistantTools, type BuiltInAnalyst, type ModelFailure } from './port'
import { systemPrompt } from './prompt'
import { assistantTools, type ToolDeps } from './tools'

export interface AssistantSettings extends LoopLimits {
  historyQuestions: number
  historyHours: number
  questionsPerHour: number
}

export const assistantSettings = (): AssistantSettings => ({
  maxRounds: config.assistantMaxRounds,
  maxOutputTokens: config.assistantMaxOutputTokens,
  modelTimeoutMs: config.assistantModelTimeoutSeconds * 1000,
  historyQuestions: config.assistantHistoryQuestions,
  historyHours: config.assistantHistoryHours,
  questionsPerHour: config.assistantQuestionsPerHour,
})

export interface AssistantDeps extends ToolDeps {
  redis: Redis
  registry: Registry
  /** the configured model (`configuredModel()`); none: the built-in analyst answers every question */
  model?: AssistantModel
  analyst: BuiltInAnalyst
  settings?: AssistantSettings
  /** the clock "today" is read from */
  now?: () => Date
}

/** A question longer than this is refused: it is a question, not a document. */
export const maxQuestionLength = 2000

const failureText: Record<ModelFailure, string> = {
  unreachable: 'The language model cannot be reached right now.',
  timeout: 'The language model is too slow right now.',
  quota: 'The language model is over its quota right now.',
  refused: 'The language model declined to answer.',
  misconfigured: 'The language model is not set up correctly (its key or model name was refused).',
}

export function createAssistant(deps: AssistantDeps): Assistant {
  const settings = deps.settings ?? assistantSettings()
  const metrics = assistantMetrics(deps.registry)
  const history = conversationHistory(deps.redis, { questions: settings.historyQuestions, hours: settings.historyHours })
  const limit = questionLimit(deps.redis, settings.questionsPerHour)
  const now = deps.now ?? (() => new Date())

  return {
    async *ask(input, signal) {
      const question = input.question.trim()
      if (!question || question.length > maxQuestionLength) {
        yield { type: 'error', code: 'INVALID_QUESTION', message: `Ask a question of 1 to ${maxQuestionLength} characters.` }
        return
      }
      const wait = await limit.take(input.account.id, now().getTime())
      if (wait > 0) {
        metrics.questions.inc({ answerer: 'rate_limited' })
        const minutes = Math.ceil(wait / 60)
        yield { type: 'error', code: 'RATE_LIMITED', message: `You have asked ${settings.questionsPerHour} questions this hour. Ask again in ${minutes} minute${minutes === 1 ? '' : 's'} (${wait} s).`, retryAfterSeconds: wait }
        return
      }
      const tools = assistantTools(deps, input.account)
      const exchange: Exchange = { question, answer: '', used: [] }
      const record = (event: AssistantEvent) => {
        if (event.type === 'text') exchange.answer += event.text
        if (event.type === 'tool' && event.outcome.ok) exchange.used.push(`${event.tool} ${JSON.stringify(event.args)}`)
        return event
      }
      for await (const event of answer({ ...input, question }, tools, signal)) yield record(event)
      if (exchange.answer && !signal.aborted) await history.add(input.account.id, exchange)
    },
  }

  async function* answer(input: AskInput, tools: AssistantTools, signal: AbortSignal): AsyncGenerator<AssistantEvent> {
    if (!deps.model) {
      metrics.fallbacks.inc({ reason: 'no_key' })
      yield* byAnalyst(input, tools, signal, { code: 'NO_MODEL', message: 'No language model is configured (GEMINI_API_KEY), so the built-in analyst answers from the same numbers.' })
      return
    }
    const turns = [...historyTurns(await history.recent(input.account.id)), { role: 'user' as const, text: input.question }]
    const system = systemPrompt({ today: shopDay(now(), config.shopTimeZone), timeZone: config.shopTimeZone, currency: config.shopCurrency, context: input.context })
    const events = toolLoop({ model: deps.model, tools, system, turns, limits: settings, metrics, signal })
    let started = false
    try {
      for await (const event of events) {
        if (!started) {
          started = true
          metrics.questions.inc({ answerer: 'model' })
          yield { type: 'start', answerer: 'model', model: deps.model.name }
        }
        yield event
      }
    } catch (error) {
      if (!(error instanceof ModelUnavailable)) throw error
      metrics.fallbacks.inc({ reason: error.reason })
      const notice = { code: `MODEL_${error.reason.toUpperCase()}`, message: `${failureText[error.reason]} The built-in analyst answers from the same numbers instead.` }
      // once the model has begun its answer the start event is out: the notice says who goes on
      if (started) yield* analystEvents(input, tools, signal, notice)
      else yield* byAnalyst(input, tools, signal, notice)
    }
  }

  async function* byAnalyst(input: AskInput, tools: AssistantTools, signal: AbortSignal, notice: { code: string; message: string }): AsyncGenerator<AssistantEvent> {
    metrics.questions.inc({ answerer: 'analyst' })
    yield { type: 'start', answerer: 'analyst' }
    yield* analystEvents(input, tools, signal, notice)
  }

  async function* analystEvents(input: AskInput, tools: AssistantTools, signal: AbortSignal, notice: { code: string; message: string }): AsyncGenerator<AssistantEvent> {
    yield { type: 'notice', ...notice }
    let toolCalls = 0
    for await (const event of deps.analyst.answer({ question: input.question, context: input.context }, tools, signal)) {
      if (event.type === 'tool') {
        toolCalls++
        metrics.toolCalls.inc({ tool: event.tool, result: event.outcome.ok ? 'ok' : 'error' })
      }
      // the analyst streams tools and text; the service frames the answer
      if (event.type === 'tool' || event.type === 'text' || event.type === 'notice') yield event
    }
    yield { type: 'done', rounds: 0, toolCalls }
  }
}
